//go:build !unix

package main

import "os/exec"

// killTree leaves the default: cancelling cmd kills go vet itself, and
// the tool it started finishes its package and exits.
func killTree(cmd *exec.Cmd) {}
