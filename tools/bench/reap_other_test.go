//go:build !linux

package bench

import (
	"errors"
	"time"
)

var errNoSubreaper = errors.New("measuring the suite's CPU needs Linux (a child subreaper)")

func adoptOrphans() error             { return errNoSubreaper }
func reapOrphans(time.Duration) error { return nil }
func childrenCPU() time.Duration      { return 0 }
