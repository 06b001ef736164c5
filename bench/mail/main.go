// Command mail measures sending an agenda pack by email: one message per
// recipient, as the dispatcher sends them, through a loopback SMTP server.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/jordan-wright/email"

	"minutebook/mail"
	"minutebook/mail/mailtest"
)

func main() {
	n := flag.Int("n", 1000, "recipients")
	size := flag.Int("size", 5<<20, "size of the attached pack in bytes")
	conns := flag.Int("conns", 4, "SMTP connections at once")
	flag.Parse()

	srv, stop, err := mailtest.Listen(mailtest.Discarding())
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	pack := make([]byte, *size)
	rand.Read(pack)
	e := email.NewEmail()
	e.From = "Democratic Services <democratic.services@example.org>"
	e.To = []string{"member@example.org"}
	e.Subject = "Agenda: Policy and Resources Cabinet Committee, Wednesday 15 January 2025, 10.00 am"
	e.Text = []byte("The agenda has been published.")
	if _, err := e.Attach(bytes.NewReader(pack), "Agenda pack.pdf", "application/pdf"); err != nil {
		log.Fatal(err)
	}
	msg, err := e.Bytes()
	if err != nil {
		log.Fatal(err)
	}
	sender, err := mail.New(mail.Config{Addr: srv.Addr, MaxConns: *conns})
	if err != nil {
		log.Fatal(err)
	}
	defer sender.Close()

	start := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < *conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := sender.Send(context.Background(), "democratic.services@example.org", []string{fmt.Sprintf("member%d@example.org", i)}, msg); err != nil {
					log.Fatal(err)
				}
			}
		}()
	}
	for i := 0; i < *n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	got, bytes := srv.Received()
	if got != *n {
		log.Fatalf("the server accepted %d of %d messages", got, *n)
	}
	fmt.Printf("mail: %d messages of %.1f MB to a loopback SMTP server in %.1f s: %.0f messages/s, %.0f MB/s (MaxConns %d)\n",
		got, float64(len(msg))/(1<<20), elapsed.Seconds(), float64(got)/elapsed.Seconds(), float64(bytes)/(1<<20)/elapsed.Seconds(), *conns)
}
