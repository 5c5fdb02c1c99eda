//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// killTree makes cancelling cmd kill go vet and every tool it started:
// they share a process group of their own.
func killTree(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
