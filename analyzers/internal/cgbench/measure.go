package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// measurement is one run of an analyzer binary.
type measurement struct {
	Wall     time.Duration
	CPU      time.Duration // user + system, the child and the children it waited for (go list)
	MaxRSS   int64         // bytes; the largest of the child and its waited-for children, not their sum
	Exit     int           // -1 when the process did not exit normally
	TimedOut bool
	Output   []byte // standard output and standard error, interleaved as written
	Err      error  // set when the process could not be started
}

// run runs bin with args in dir and measures it. A run longer than timeout
// (0: none) is killed, with its process group, so go list children go too.
func run(dir, bin string, args []string, timeout time.Duration) measurement {
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	// Every binary loads the same packages: without their test files, as
	// cacheguard does by default.
	cmd := exec.CommandContext(ctx, bin, append([]string{"-test=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = goEnv(dir, true)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second

	start := time.Now()
	err := cmd.Run()
	m := measurement{Wall: time.Since(start), Output: out.Bytes(), Exit: -1}
	if cmd.ProcessState == nil {
		m.Err = err
		return m
	}
	m.Exit = cmd.ProcessState.ExitCode()
	m.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.CPU = time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
		m.MaxRSS = ru.Maxrss
		if runtime.GOOS != "darwin" {
			m.MaxRSS *= 1024 // KiB on Linux and the BSDs
		}
	}
	return m
}
