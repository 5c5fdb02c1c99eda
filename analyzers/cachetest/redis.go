package cachetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// AddrEnv names the environment variable that holds the address of the
// real redis-server for the second tier: host:port, a unix socket path,
// or a redis:// URL.
const AddrEnv = "CACHEGUARD_REDIS_ADDR"

// The two tiers, as Redis.Backend names them.
const (
	BackendMiniredis = "miniredis"
	BackendServer    = "redis-server"
)

// Redis is a client of a Redis that belongs to one test, and that the
// test can make fail. It is a redis.UniversalClient: hand it to the code
// under test as is.
type Redis struct {
	redis.UniversalClient

	// Backend is BackendMiniredis or BackendServer.
	Backend string
	// Addr is the address the client connects to.
	Addr string

	mini *miniredis.Miniredis
	dial *switchDialer
}

// Miniredis starts an in-process Redis (github.com/alicebob/miniredis)
// for t and returns a client of it; both are closed when t ends. Its
// clock stands still: a TTL reads back as it was set until
// Miniredis().FastForward moves time on.
func Miniredis(t testing.TB) *Redis {
	t.Helper()
	m := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
	t.Cleanup(func() { rdb.Close() })
	return &Redis{UniversalClient: rdb, Backend: BackendMiniredis, Addr: m.Addr(), mini: m}
}

// Server connects t to the real redis-server at $CACHEGUARD_REDIS_ADDR,
// on a logical database of its own: it leases one of databases 1..n-1
// (the lease is a key in database 0, so test binaries running in parallel
// never share one), flushes it before and after the test, and never
// touches database 0 otherwise.
//
// When the variable is unset the test is skipped, saying how to run the
// tier, unless the environment variable CI is set (to anything but
// "false" or "0"): in CI the tier must run, and t fails. A server that is
// set but does not answer fails t.
func Server(t testing.TB) *Redis {
	t.Helper()
	addr := os.Getenv(AddrEnv)
	if addr == "" {
		if inCI() {
			t.Fatalf("cachetest: %s is not set, and CI=%s: the redis-server tier must run in CI; start redis-server and export %s=host:port (.ci/run does both)", AddrEnv, os.Getenv("CI"), AddrEnv)
		}
		t.Skipf("cachetest: %s is not set; skipping the redis-server tier (the miniredis tier ran). To run it, start redis-server and set %s=host:port, or run .ci/run", AddrEnv, AddrEnv)
	}
	opts, err := parseAddr(addr)
	if err != nil {
		t.Fatalf("cachetest: %s=%q: %v", AddrEnv, addr, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	// The first answer decides whether the server is there: no retries.
	adminOpts := *opts
	adminOpts.DialerRetries = 1
	adminOpts.MaxRetries = -1
	admin := redis.NewClient(&adminOpts)
	if err := admin.Ping(ctx).Err(); err != nil {
		admin.Close()
		t.Fatalf("cachetest: the redis-server at %s=%s does not answer: %v", AddrEnv, addr, err)
	}
	db, unlease, err := lease(admin)
	if err != nil {
		admin.Close()
		t.Fatalf("cachetest: %v", err)
	}

	d := newSwitchDialer(opts)
	clientOpts := *opts
	clientOpts.DB = db
	clientOpts.Dialer = d.dial
	// One attempt per dial and per command: while the test makes Redis
	// fail, a request fails at once, as with a refused connection, instead
	// of retrying with backoff.
	clientOpts.DialerRetries = 1
	clientOpts.MaxRetries = -1
	rdb := redis.NewClient(&clientOpts)
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		rdb.Close()
		unlease()
		admin.Close()
		t.Fatalf("cachetest: flush database %d of %s: %v", db, addr, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		d.up()
		if err := rdb.FlushDB(ctx).Err(); err != nil {
			t.Errorf("cachetest: flush database %d of %s: %v", db, addr, err)
		}
		rdb.Close()
		unlease()
		admin.Close()
	})
	return &Redis{UniversalClient: rdb, Backend: BackendServer, Addr: fmt.Sprintf("%s db %d", addr, db), dial: d}
}

// EachBackend runs f as a subtest on each tier: "miniredis", then
// "redis-server" (skipped, or failed in CI, as Server says).
func EachBackend(t *testing.T, f func(t *testing.T, rdb *Redis)) {
	t.Helper()
	t.Run(BackendMiniredis, func(t *testing.T) { f(t, Miniredis(t)) })
	t.Run(BackendServer, func(t *testing.T) { f(t, Server(t)) })
}

// Miniredis returns the in-process server of the miniredis tier (to move
// its clock with FastForward), or nil on the redis-server tier.
func (r *Redis) Miniredis() *miniredis.Miniredis { return r.mini }

// Fail makes every command fail until restore is called: miniredis
// answers each command with an error; for the redis-server, the client's
// connections are closed and new ones are refused, as when the server is
// down. restore waits until the client works again.
func (r *Redis) Fail() (restore func()) {
	if r.mini != nil {
		r.mini.SetError("ERR cachetest: Redis is failing")
		return func() { r.mini.SetError("") }
	}
	r.dial.down()
	return func() {
		r.dial.up()
		// A pool that saw many refused dials probes in the background
		// before it dials again; wait for it.
		deadline := time.Now().Add(5 * time.Second)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			err := r.Ping(ctx).Err()
			cancel()
			if err == nil || time.Now().After(deadline) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func inCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

func parseAddr(addr string) (*redis.Options, error) {
	switch {
	case strings.Contains(addr, "://"):
		return redis.ParseURL(addr)
	case strings.HasPrefix(addr, "/"):
		return &redis.Options{Network: "unix", Addr: addr}, nil
	default:
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("want host:port, a unix socket path or a redis:// URL: %v", err)
		}
		return &redis.Options{Addr: addr}, nil
	}
}

// leaseTTL bounds how long a crashed test binary keeps its database.
const leaseTTL = 10 * time.Minute

var releaseLease = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// lease takes a database other than 0 for one test, waiting up to a
// minute when all are taken.
func lease(admin *redis.Client) (db int, unlease func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n := 16
	if v, err := admin.ConfigGet(ctx, "databases").Result(); err == nil {
		if m, err := strconv.Atoi(v["databases"]); err == nil && m > 1 {
			n = m
		}
	}
	if n < 2 {
		return 0, nil, fmt.Errorf("the redis-server has a single database; cachetest needs one besides database 0")
	}
	token := rand.Text()
	for {
		for db := 1; db < n; db++ {
			key := fmt.Sprintf("cachetest:lease:%d", db)
			ok, err := admin.SetNX(ctx, key, token, leaseTTL).Result()
			if err != nil {
				return 0, nil, fmt.Errorf("lease a database: %v", err)
			}
			if ok {
				return db, func() {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					releaseLease.Run(ctx, admin, []string{key}, token)
				}, nil
			}
		}
		select {
		case <-ctx.Done():
			return 0, nil, fmt.Errorf("all %d databases of the redis-server are leased by other tests (keys cachetest:lease:* in database 0)", n-1)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// switchDialer dials the server while it is up. Down, it closes the
// connections it made and dials a port nobody listens on, so the client
// sees what a dead Redis gives: broken connections, then "connection
// refused".
type switchDialer struct {
	network, addr string

	mu     sync.Mutex
	isDown bool
	closed string // a loopback address with no listener
	conns  map[*trackedConn]bool
}

func newSwitchDialer(opts *redis.Options) *switchDialer {
	network := opts.Network
	if network == "" {
		network = "tcp"
	}
	return &switchDialer{network: network, addr: opts.Addr, conns: map[*trackedConn]bool{}}
}

func (d *switchDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	isDown, closed := d.isDown, d.closed
	d.mu.Unlock()
	var nd net.Dialer
	if isDown {
		c, err := nd.DialContext(ctx, "tcp", closed)
		if err == nil {
			c.Close() // someone took the port meanwhile
			err = &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return nil, err
	}
	c, err := nd.DialContext(ctx, d.network, d.addr)
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, d: d}
	d.mu.Lock()
	d.conns[tc] = true
	d.mu.Unlock()
	return tc, nil
}

func (d *switchDialer) down() {
	closed := "127.0.0.1:1"
	if l, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		closed = l.Addr().String()
		l.Close()
	}
	d.mu.Lock()
	d.isDown, d.closed = true, closed
	conns := make([]*trackedConn, 0, len(d.conns))
	for c := range d.conns {
		conns = append(conns, c)
	}
	d.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

func (d *switchDialer) up() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.isDown = false
}

type trackedConn struct {
	net.Conn
	d    *switchDialer
	once sync.Once
}

// SyscallConn lets go-redis check an idle connection before it reuses it,
// as it does for a plain one: after the outage the pool must drop the
// connections that down closed, not hand them out.
func (c *trackedConn) SyscallConn() (syscall.RawConn, error) {
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return nil, errors.New("cachetest: not a socket")
	}
	return sc.SyscallConn()
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.d.mu.Lock()
		delete(c.d.conns, c)
		c.d.mu.Unlock()
	})
	return c.Conn.Close()
}

// failer is what Redis.Fail offers; other clients fail through a hook.
type failer interface{ Fail() (restore func()) }

// makeFail makes rdb fail until restore is called.
func makeFail(rdb redis.UniversalClient) (restore func()) {
	if f, ok := rdb.(failer); ok {
		return f.Fail()
	}
	h := hookFor(rdb)
	h.failing.Store(true)
	return func() { h.failing.Store(false) }
}

var (
	hooksMu sync.Mutex
	hooks   = map[redis.UniversalClient]*failHook{}
)

// hookFor adds one failHook to each client the first time it is made to
// fail; go-redis has no way to remove a hook, so it stays, switched off.
func hookFor(rdb redis.UniversalClient) *failHook {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	h := hooks[rdb]
	if h == nil {
		h = &failHook{}
		rdb.AddHook(h)
		hooks[rdb] = h
	}
	return h
}

// errRefused is what a client whose server is down gets.
var errRefused = &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}

type failHook struct{ failing atomic.Bool }

func (h *failHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *failHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if h.failing.Load() {
			cmd.SetErr(errRefused)
			return errRefused
		}
		return next(ctx, cmd)
	}
}

func (h *failHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if h.failing.Load() {
			for _, cmd := range cmds {
				cmd.SetErr(errRefused)
			}
			return errRefused
		}
		return next(ctx, cmds)
	}
}

// keys returns the keys in rdb's database (on every master of a cluster
// or shard of a ring).
func keys(ctx context.Context, rdb redis.UniversalClient) (map[string]bool, error) {
	if r, ok := rdb.(*Redis); ok {
		rdb = r.UniversalClient
	}
	out := map[string]bool{}
	var mu sync.Mutex
	scan := func(ctx context.Context, c redis.Cmdable) error {
		var cursor uint64
		for {
			ks, next, err := c.Scan(ctx, cursor, "*", 1000).Result()
			if err != nil {
				return err
			}
			mu.Lock()
			for _, k := range ks {
				out[k] = true
			}
			mu.Unlock()
			if cursor = next; cursor == 0 {
				return nil
			}
		}
	}
	var err error
	switch c := rdb.(type) {
	case *redis.ClusterClient:
		err = c.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return scan(ctx, c) })
	case *redis.Ring:
		err = c.ForEachShard(ctx, func(ctx context.Context, c *redis.Client) error { return scan(ctx, c) })
	default:
		err = scan(ctx, rdb)
	}
	if err != nil {
		return nil, fmt.Errorf("list the keys: %w", err)
	}
	return out, nil
}

// written returns the keys in after that are not in before, sorted.
func written(before, after map[string]bool) []string {
	var out []string
	for k := range after {
		if !before[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// pttls reads the remaining TTL of each key in one pipeline: -1 for no
// expiry, -2 for a key that is gone.
func pttls(ctx context.Context, rdb redis.UniversalClient, ks []string) ([]time.Duration, error) {
	if len(ks) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.DurationCmd, len(ks))
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range ks {
			cmds[i] = p.PTTL(ctx, k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("read the TTLs: %w", err)
	}
	out := make([]time.Duration, len(ks))
	for i, c := range cmds {
		out[i] = c.Val()
	}
	return out, nil
}
