package cachemodel

import (
	"go/types"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Clean-architecture services hold their cache behind an interface
// (auth.RedisRepository, domain.UserCache) whose Redis implementation
// lives in a package that only main or a DI package imports: no fact of
// it reaches the use case. While no implementation is visible, a method
// of an interface that says it is a cache — by its name or its package's
// — is taken at its word, by the shape of its signature:
//
//	GetByIDCtx(ctx, key string) (*User, error)        a read of key
//	SetUserCtx(ctx, key string, seconds int, u *User)  a write of key, with a TTL
//
// Reads are Get/Find/Fetch/Load/Lookup/Read methods with a string key;
// writes are Set/Save/Put/Store/Cache/Write methods with a string key and
// a TTL parameter (a time.Duration, or an integer named for seconds,
// minutes or milliseconds). The method must take a context or return an
// error, as a network call does: an in-process memo does neither. A
// visible implementation always wins.

var (
	cacheLike   = regexp.MustCompile(`(?i)redis|cache`)
	readVerb    = regexp.MustCompile(`^(Get|Find|Fetch|Load|Lookup|Read)`)
	writeVerb   = regexp.MustCompile(`^(Set|Save|Put|Store|Cache|Write)`)
	minutesName = regexp.MustCompile(`(?i)min`)
	millisName  = regexp.MustCompile(`(?i)milli|ms$`)
	ttlName     = regexp.MustCompile(`(?i)ttl|exp|dur|sec|min|timeout|life`)
	// Conditional writes, the shape of locks and dedupe markers: SetNX,
	// SetIfAbsent, SetIfNotExists.
	conditionalName = regexp.MustCompile(`(?i)nx$|ifabsent|ifnotexist`)
	idName          = regexp.MustCompile(`(?i)id$|key`)
)

// contract returns fn's signature when fn is a method of a cache-like
// interface none of whose implementations is visible from this package.
func (st *state) contract(fn *types.Func) *types.Signature {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	named, _ := types.Unalias(sig.Recv().Type()).(*types.Named)
	if named == nil {
		return nil
	}
	pkg := ""
	if named.Obj().Pkg() != nil {
		p := named.Obj().Pkg().Path()
		pkg = p[strings.LastIndexByte(p, '/')+1:]
	}
	if !cacheLike.MatchString(named.Obj().Name()) && !cacheLike.MatchString(pkg) {
		return nil
	}
	if !remote(sig) {
		return nil
	}
	// Last, as the dearest test: an interface with a visible
	// implementation is followed to it instead.
	if len(st.implsOf(fn)) > 0 {
		return nil
	}
	return sig
}

// remote reports whether a method's signature can be a network call: it
// takes a context or can fail. An in-process cache (an LRU, pgx's
// statement cache: Get(sql string) *StatementDescription) does neither.
func remote(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if isContext(sig.Params().At(i).Type()) {
			return true
		}
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if IsError(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// keyParam returns the key parameter: the first string, else the first
// integer named as an id (GetVideo(ctx, videoID int64)).
func keyParam(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
			return i
		}
	}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if isInteger(p.Type()) && idName.MatchString(p.Name()) {
			return i
		}
	}
	// An id of another scalar type: GetHotelByID(ctx, hotelID uuid.UUID).
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if !idName.MatchString(p.Name()) || isContext(p.Type()) {
			continue
		}
		switch p.Type().Underlying().(type) {
		case *types.Array, *types.Basic:
			return i
		}
	}
	return -1
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// recordParam returns the parameter holding the record a write stores
// (SetVideo(ctx, v *Video)): the first pointer or struct parameter.
func recordParam(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if isContext(t) {
			continue
		}
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Struct:
			return i
		}
	}
	return -1
}

// contractFamily is the key family of a method of an unseen cache
// interface: its read and its write of one kind of entry share it, by
// the name after the verb (GetVideoRedis and SetVideoRedis: VideoRedis).
func contractFamily(fn *types.Func, sig *types.Signature) string {
	name := fn.Name()
	if m := readVerb.FindString(name); m != "" {
		name = name[len(m):]
	} else if m := writeVerb.FindString(name); m != "" {
		name = name[len(m):]
	}
	// GetHotelByID and SetHotel, GetUserCtx and SetUserCtx: one entry.
	name = strings.TrimSuffix(strings.TrimSuffix(name, "Ctx"), "Context")
	if i := strings.Index(name, "By"); i > 0 {
		name = name[:i]
	}
	if name == "" {
		return ""
	}
	recv := types.TypeString(sig.Recv().Type(), nil)
	return "contract:" + recv + "." + name
}

// contractReads returns the key parameter of a read through an unseen
// cache interface, or -1, with the entry's family.
func (st *state) contractReads(fn *types.Func) (int, string) {
	sig := st.contract(fn)
	if sig == nil || !readVerb.MatchString(fn.Name()) {
		return -1, ""
	}
	k := keyParam(sig)
	if k < 0 || isString(sig.Params().At(k).Type()) {
		return k, "" // a string key is paired by itself
	}
	// An id: the write of the record it loads (SetVideo(ctx, v)) pairs
	// by the family.
	return k, contractFamily(fn, sig)
}

// contractWrite returns the key write of a write through an unseen cache
// interface, and its write effect when the TTL is a parameter (nil when
// the implementation chooses it: no constant can be seen).
func (st *state) contractWrite(fn *types.Func) (*Effect, keyWrite, bool) {
	sig := st.contract(fn)
	if sig == nil || !writeVerb.MatchString(fn.Name()) {
		return nil, keyWrite{}, false
	}
	k := keyParam(sig)
	family := ""
	if k < 0 {
		// SetVideo(ctx, v *Video): the key is made from the record
		// inside; the read of the same kind of entry pairs by family.
		if k = recordParam(sig); k < 0 {
			return nil, keyWrite{}, false
		}
		family = contractFamily(fn, sig)
	}
	ttlParam, scale, value := -1, int64(0), -1
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if i == k {
			continue
		}
		switch t := p.Type(); {
		case ttl.IsDuration(t):
			ttlParam, scale = i, 0
		case isInteger(t) && ttlName.MatchString(p.Name()):
			ttlParam = i
			switch {
			case millisName.MatchString(p.Name()):
				scale = int64(time.Millisecond)
			case minutesName.MatchString(p.Name()):
				scale = int64(time.Minute)
			default: // seconds, as Redis counts them
				scale = int64(time.Second)
			}
		case !isContext(t) && value < 0:
			value = i
		}
	}
	if family != "" {
		value = -1 // the record is the value, and its id the key
	}
	kw := keyWrite{KeyParam: k, ValueParam: value, TTLParam: ttlParam, Family: family}
	if ttlParam < 0 {
		if family == "" {
			return nil, keyWrite{}, false // a string key and no TTL: not enough to call it a cache entry
		}
		return nil, kw, true
	}
	name := fn.Name()
	if r, ok := types.Unalias(sig.Recv().Type()).(*types.Named); ok {
		name = r.Obj().Name() + "." + fn.Name()
	}
	e := &Effect{TTLParam: ttlParam, TTLScale: scale, KeyParam: k, Family: family, Command: fn.Name(), Chain: fn.Name(), Names: []string{name},
		Conditional: conditionalName.MatchString(fn.Name())}
	return e, kw, true
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context"
}

// seesCacheInterface reports whether pkg declares or imports a cache-like
// interface: its methods may reach Redis through an implementation the
// package cannot see.
func seesCacheInterface(pkg *types.Package) bool { return seesInterface(pkg, cacheLike) }

// seesInterface reports whether pkg or one of its imports declares an
// interface whose name, or whose package's last path element, matches re.
func seesInterface(pkg *types.Package, re *regexp.Regexp) bool {
	if declaresInterface(pkg, re) {
		return true
	}
	for _, p := range pkg.Imports() {
		if declaresInterface(p, re) {
			return true
		}
	}
	return false
}

// declared memoizes declaresInterface: every importer of a package asks
// about it, and the analyzers of a run share the packages.
var declared sync.Map // declaredKey → bool

type declaredKey struct {
	pkg *types.Package
	re  *regexp.Regexp
}

// declaresInterface reports whether p declares an interface whose name,
// or p's last path element, matches re.
func declaresInterface(p *types.Package, re *regexp.Regexp) bool {
	k := declaredKey{p, re}
	if r, ok := declared.Load(k); ok {
		return r.(bool)
	}
	last := p.Path()[strings.LastIndexByte(p.Path(), '/')+1:]
	scope := p.Scope()
	r := false
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if ok && types.IsInterface(tn.Type()) && (re.MatchString(name) || re.MatchString(last)) {
			r = true
			break
		}
	}
	declared.Store(k, r)
	return r
}
