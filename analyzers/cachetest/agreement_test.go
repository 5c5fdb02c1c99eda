package cachetest_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cacheguard/cacheguard/analyzers"
	"github.com/cacheguard/cacheguard/analyzers/cachetest"
	"github.com/cacheguard/cacheguard/testdata/shop/auth"
	"github.com/cacheguard/cacheguard/testdata/shop/cache"
	"github.com/cacheguard/cacheguard/testdata/shop/catalog"
	"github.com/cacheguard/cacheguard/testdata/shop/inventory"
	"github.com/cacheguard/cacheguard/testdata/shop/prices"
	"github.com/cacheguard/cacheguard/testdata/shop/products"
	"github.com/cacheguard/cacheguard/testdata/shop/reviews/domain"
	"github.com/cacheguard/cacheguard/testdata/shop/reviews/redisrepo"
	"github.com/cacheguard/cacheguard/testdata/shop/reviews/usecase"
)

// The kinds of cache bug, each with its analyzer and its runtime check.
const (
	penetration = "penetration" // nullcache; NotFoundCached
	avalanche   = "avalanche"   // ttljitter; SpreadsExpiries, LoaderSpreadsExpiries
	outage      = "outage"      // cachemiss; SurvivesRedisErrors
	stampede    = "stampede"    // stampede; SingleRefill
)

var kindOf = map[string]string{
	"nullcache": penetration,
	"ttljitter": avalanche,
	"cachemiss": outage,
	"stampede":  stampede,
}

// TestShopAgreement runs every loader and batch writer of the example
// service through cachetest, on both tiers, and checks the verdicts
// against the analyzers': a loader they flag for a kind must fail that
// kind's runtime check, and a loader they are silent on must pass it.
func TestShopAgreement(t *testing.T) {
	shop := analyzeShop(t)

	// Every exported function of the service packages has a row, and
	// every row names one.
	for _, fn := range shop.funcs {
		if _, ok := shopTable[fn]; !ok {
			t.Errorf("%s is not in shopTable: add its runtime checks, or the reason it has none", fn)
		}
	}
	for fn := range shopTable {
		if !slices.Contains(shop.funcs, fn) {
			t.Errorf("shopTable has %s, which the example service does not", fn)
		}
	}
	// A finding with no runtime check to compare it with is a gap in the
	// table.
	for fn, byKind := range shop.findings {
		for kind, msgs := range byKind {
			if row, ok := shopTable[fn]; !ok || row.checks[kind] == nil {
				t.Errorf("%s: the analyzers report %s (%s), and shopTable has no runtime check of it", fn, kind, msgs[0])
			}
		}
	}

	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		for _, fn := range slices.Sorted(mapsKeys(shopTable)) {
			row := shopTable[fn]
			for _, kind := range slices.Sorted(mapsKeys(row.checks)) {
				t.Run(fn+"/"+kind, func(t *testing.T) {
					if err := rdb.FlushDB(t.Context()).Err(); err != nil {
						t.Fatal(err)
					}
					r := record(t)
					passed := row.checks[kind](r, rdb) && r.failures() == ""
					flagged := shop.findings[fn][kind]
					marker := shop.markers[fn][kind]
					if marker == "" {
						marker = "no marker"
					}
					intended, byDesign := row.intended[kind]
					switch {
					case byDesign && (passed || len(flagged) > 0):
						t.Errorf("%s %s: the row says the runtime check fails by design while the analyzers stay silent (%s), but the runtime check passed=%v and the analyzers report %q; update shopTable",
							fn, kind, intended, passed, flagged)
					case byDesign:
						t.Logf("%s %s: fails at run time and the analyzers are silent, by design: %s", fn, kind, intended)
					case len(flagged) > 0 && passed:
						t.Errorf("disagreement on %s (%s): the analyzers report it (%s) but its runtime check passes; the example says: %s",
							fn, kind, strings.Join(flagged, "; "), marker)
					case len(flagged) == 0 && !passed:
						t.Errorf("disagreement on %s (%s): the analyzers are silent but its runtime check fails:\n%s\nthe example says: %s",
							fn, kind, r.failures(), marker)
					case passed:
						t.Logf("%s %s: silent, and passes at run time (%s)", fn, kind, marker)
					default:
						t.Logf("%s %s: reported, and fails at run time (%s): %s", fn, kind, marker, r.failures())
					}
				})
			}
		}
	})
}

// shopFindings is what the analyzers say about the example service.
type shopFindings struct {
	funcs    []string                       // exported functions of the service packages
	findings map[string]map[string][]string // function → kind → messages
	markers  map[string]map[string]string   // function → kind → "BUG(kind)" or "guarded(kind)"
}

// analyzeShop runs the analyzers on testdata/shop, as `cacheguard
// -stampede.all` does: the runtime stampede check runs on every loader, so
// the analyzer must look at every loader too, not only the ones marked
// //cacheguard:hot.
func analyzeShop(t *testing.T) shopFindings {
	t.Helper()
	cfg := analyzers.Default()
	cfg.Stampede.All = true
	as, err := analyzers.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join("..", ".."),
	}, "./testdata/shop/...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the example service does not load")
	}
	// In parallel, as the drivers run them: the analyzers share the
	// model's and the loader's results.
	res, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}

	out := shopFindings{findings: map[string]map[string][]string{}, markers: map[string]map[string]string{}}
	marker := regexp.MustCompile(`^//\s*(BUG|guarded)\(([a-z-]+)\)`)
	for _, pkg := range pkgs {
		if pkg.Name == "catalog" { // the database, not the service
			continue
		}
		for _, f := range pkg.Syntax {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() && !strings.HasPrefix(fd.Name.Name, "New") {
					out.funcs = append(out.funcs, funcName(pkg.Name, fd))
				}
			}
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					m := marker.FindStringSubmatch(c.Text)
					if m == nil {
						continue
					}
					fn := enclosing(pkg, c.Pos())
					kind, _, _ := strings.Cut(m[2], "-")
					if out.markers[fn] == nil {
						out.markers[fn] = map[string]string{}
					}
					out.markers[fn][kind] = strings.TrimPrefix(m[0], "// ")
				}
			}
		}
	}
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		kind, ok := kindOf[act.Analyzer.Name]
		if !ok {
			t.Fatalf("analyzer %s has no runtime counterpart in this test", act.Analyzer.Name)
		}
		for _, d := range act.Diagnostics {
			fn := enclosing(act.Package, d.Pos)
			if out.findings[fn] == nil {
				out.findings[fn] = map[string][]string{}
			}
			posn := act.Package.Fset.Position(d.Pos)
			out.findings[fn][kind] = append(out.findings[fn][kind],
				fmt.Sprintf("%s:%d: %s: %s", filepath.Base(posn.Filename), posn.Line, act.Analyzer.Name, d.Message))
		}
	}
	if len(out.findings) == 0 {
		t.Fatal("the analyzers found nothing in the example service")
	}
	return out
}

// funcName is pkg.Func or pkg.Type.Method.
func funcName(pkg string, fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return pkg + "." + fd.Name.Name
	}
	typ := fd.Recv.List[0].Type
	if s, ok := typ.(*ast.StarExpr); ok {
		typ = s.X
	}
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return pkg + "." + id.Name + "." + fd.Name.Name
	}
	return pkg + ".?." + fd.Name.Name
}

// enclosing names the function declaration of pkg that holds pos.
func enclosing(pkg *packages.Package, pos token.Pos) string {
	for _, f := range pkg.Syntax {
		if pos < f.Pos() || pos > f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos <= fd.End() {
				return funcName(pkg.Name, fd)
			}
		}
	}
	return pkg.Name + ".<outside a function>"
}

func mapsKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// A runtimeCheck runs one cachetest helper on a fresh instance of a shop
// service, over a fresh shopDB.
type runtimeCheck func(t testing.TB, rdb redis.UniversalClient) bool

type row struct {
	// checks are the runtime checks that apply, by kind.
	checks map[string]runtimeCheck
	// intended: kinds whose runtime check fails by design while the
	// analyzers stay silent on purpose.
	intended map[string]string
	// none says why no runtime check applies.
	none string
}

// shopTable lists every exported function of the example service: its
// loaders and batch writers with their runtime checks, the rest with the
// reason they have none.
var shopTable = map[string]row{
	"products.Service.Product":         {checks: idLoader(productLoad((*products.Service).Product), productRows)},
	"products.Service.ProductJittered": {checks: idLoader(productLoad((*products.Service).ProductJittered), productRows)},
	"products.Service.Featured":        {checks: listLoader(listLoad((*products.Service).Featured), "featured")},
	"products.Service.FeaturedShared":  {checks: listLoader(listLoad((*products.Service).FeaturedShared), "featured")},
	"products.Service.Bestsellers":     {checks: listLoader(listLoad((*products.Service).Bestsellers), "bestsellers")},
	"products.Service.WarmUp":          {checks: batchWriter((*products.Service).WarmUp)},
	"products.Service.WarmUpJittered":  {checks: batchWriter((*products.Service).WarmUpJittered)},
	"products.Service.Reindex":         {none: "a lock and a version marker (TTL 0), no cache entry and no loader"},

	"prices.PriceService.Price":         {checks: idLoader(priceLoad((*prices.PriceService).Price), priceRows)},
	"prices.PriceService.PriceJittered": {checks: idLoader(priceLoad((*prices.PriceService).PriceJittered), priceRows)},
	"prices.PriceService.Offer":         {checks: idLoader(priceLoad((*prices.PriceService).Offer), offerRows)},

	"usecase.Reviews.Review":        {checks: idLoader(reviewLoad((*usecase.Reviews).Review), reviewRows)},
	"usecase.Reviews.ReviewGuarded": {checks: idLoader(reviewLoad((*usecase.Reviews).ReviewGuarded), reviewRows)},
	"redisrepo.Cache.GetReview":     {none: "the cache port's Redis adapter: one read, no loader"},
	"redisrepo.Cache.SetReview":     {none: "the cache port's Redis adapter: one write whose TTL the use case chooses"},
	"sqlrepo.Store.ReviewByID":      {none: "the store port's database adapter: no Redis"},

	"inventory.Service.Stock":     {checks: idLoader(inventoryLoad((*inventory.Service).Stock), stockRows)},
	"inventory.Service.Warehouse": {checks: idLoader(inventoryLoad((*inventory.Service).Warehouse), warehouseRows)},
	"inventory.Service.Supplier":  {checks: idLoader(inventoryLoad((*inventory.Service).Supplier), supplierRows)},
	// Reserve rewrites a cached stock entry with KeepTTL: the entries
	// loaded by Stock and then reserved must keep their spread.
	"inventory.Service.Reserve": {checks: map[string]runtimeCheck{avalanche: func(t testing.TB, rdb redis.UniversalClient) bool {
		svc := inventory.New(rdb, newShopDB())
		load := func(ctx context.Context, id string) error {
			if _, err := svc.Stock(ctx, atoi(id)); err != nil {
				return err
			}
			return svc.Reserve(ctx, atoi(id), 1)
		}
		return cachetest.LoaderSpreadsExpiries(t, rdb, load, ids)
	}}},

	// Sessions, one-time codes and rate windows are not cache entries:
	// their TTLs are part of the protocol and must be exact, so ttljitter
	// stays silent on them on purpose, while the runtime check, which
	// cannot know that, sees keys written together with one TTL.
	"auth.Service.SaveSession": {
		checks: map[string]runtimeCheck{avalanche: authWriter(func(ctx context.Context, svc *auth.Service, id string) error {
			return svc.SaveSession(ctx, id, auth.Session{UserID: atoi(id)})
		})},
		intended: map[string]string{avalanche: "a session lasts exactly sessionTTL"},
	},
	"auth.Service.SendOTP": {
		checks: map[string]runtimeCheck{avalanche: authWriter(func(ctx context.Context, svc *auth.Service, id string) error {
			_, err := svc.SendOTP(ctx, "+1555"+id)
			return err
		})},
		intended: map[string]string{avalanche: "a one-time code is valid for exactly otpTTL"},
	},
	"auth.Service.Allow": {
		checks: map[string]runtimeCheck{avalanche: authWriter(func(ctx context.Context, svc *auth.Service, id string) error {
			_, err := svc.Allow(ctx, "10.0.0."+id)
			return err
		})},
		intended: map[string]string{avalanche: "a rate-limit window lasts exactly rateWindow"},
	},

	"cache.Cache.Get":        {none: "the shop's cache wrapper, run through prices' loaders"},
	"cache.Cache.Set":        {none: "the shop's cache wrapper, run through prices' loaders (its TTL is the caller's)"},
	"cache.Cache.SetMissing": {none: "the shop's cache wrapper, run through prices' loaders"},
	"cache.Jitter":           {none: "a TTL helper, run through every loader that uses it"},
	"shop.Bugs":              {none: "the list of the example's deliberate bugs, for the tests"},
}

// ids are the rows every table of a shopDB has; missing is one it lacks.
var ids = func() []string {
	out := make([]string, 50)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}()

const missing = "404"

func atoi(id string) int64 {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

// shopDB is the example service's database made of counting Sources: it
// implements catalog.ProductRepo, PriceRepo and InventoryRepo.
type shopDB struct {
	products    *cachetest.Source[*catalog.Product]
	lists       *cachetest.Source[[]*catalog.Product] // "featured", "bestsellers"
	prices      *cachetest.Source[*catalog.Price]
	offers      *cachetest.Source[*catalog.Offer]
	stock       *cachetest.Source[*catalog.Stock]
	warehouses  *cachetest.Source[*catalog.Warehouse]
	suppliers   *cachetest.Source[*catalog.Supplier]
	reviews     *cachetest.Source[*domain.Review]
	reservation sync.Mutex
}

func newShopDB() *shopDB {
	db := &shopDB{
		products:   cachetest.NewSource[*catalog.Product](catalog.ErrNotFound),
		lists:      cachetest.NewSource[[]*catalog.Product](catalog.ErrNotFound),
		prices:     cachetest.NewSource[*catalog.Price](catalog.ErrNotFound),
		offers:     cachetest.NewSource[*catalog.Offer](catalog.ErrNotFound),
		stock:      cachetest.NewSource[*catalog.Stock](catalog.ErrNotFound),
		warehouses: cachetest.NewSource[*catalog.Warehouse](catalog.ErrNotFound),
		suppliers:  cachetest.NewSource[*catalog.Supplier](catalog.ErrNotFound),
		reviews:    cachetest.NewSource[*domain.Review](domain.ErrReviewNotFound),
	}
	var all []*catalog.Product
	for _, id := range ids {
		n := atoi(id)
		p := &catalog.Product{ID: n, Name: "product " + id, Featured: n%5 == 0, Sold: int(n)}
		all = append(all, p)
		db.products.Put(id, p)
		db.prices.Put(id, &catalog.Price{ProductID: n, Cents: 100 * n, Currency: "EUR"})
		db.offers.Put(id, &catalog.Offer{ProductID: n, PercentOff: 10})
		db.stock.Put(id, &catalog.Stock{ProductID: n, Available: 100})
		db.warehouses.Put(id, &catalog.Warehouse{ID: n, Name: "warehouse " + id})
		db.suppliers.Put(id, &catalog.Supplier{ID: n, Name: "supplier " + id})
		db.reviews.Put(id, &domain.Review{ID: n, ProductID: n, Stars: 4, Text: "review " + id})
	}
	db.lists.Put("featured", all[:10])
	db.lists.Put("bestsellers", all[len(all)-20:])
	return db
}

func (db *shopDB) Product(ctx context.Context, id int64) (*catalog.Product, error) {
	return db.products.Get(ctx, strconv.FormatInt(id, 10))
}

func (db *shopDB) Products(ctx context.Context, ids []int64) ([]*catalog.Product, error) {
	var out []*catalog.Product
	for _, id := range ids {
		if p, err := db.Product(ctx, id); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

func (db *shopDB) Featured(ctx context.Context) ([]*catalog.Product, error) {
	return db.lists.Get(ctx, "featured")
}

func (db *shopDB) Bestsellers(ctx context.Context, n int) ([]*catalog.Product, error) {
	return db.lists.Get(ctx, "bestsellers")
}

func (db *shopDB) Price(ctx context.Context, id int64) (*catalog.Price, error) {
	return db.prices.Get(ctx, strconv.FormatInt(id, 10))
}

func (db *shopDB) Offer(ctx context.Context, id int64) (*catalog.Offer, error) {
	return db.offers.Get(ctx, strconv.FormatInt(id, 10))
}

func (db *shopDB) Stock(ctx context.Context, id int64) (*catalog.Stock, error) {
	return db.stock.Get(ctx, strconv.FormatInt(id, 10))
}

func (db *shopDB) Reserve(ctx context.Context, id int64, n int) (*catalog.Stock, error) {
	db.reservation.Lock()
	defer db.reservation.Unlock()
	s, err := db.Stock(ctx, id)
	if err != nil {
		return nil, err
	}
	r := *s
	r.Available -= n
	r.Reserved += n
	db.stock.Put(strconv.FormatInt(id, 10), &r)
	return &r, nil
}

func (db *shopDB) Warehouse(ctx context.Context, id int64) (*catalog.Warehouse, error) {
	return db.warehouses.Get(ctx, strconv.FormatInt(id, 10))
}

func (db *shopDB) Supplier(ctx context.Context, id int64) (*catalog.Supplier, error) {
	return db.suppliers.Get(ctx, strconv.FormatInt(id, 10))
}

// ReviewByID makes shopDB the review use case's store port.
func (db *shopDB) ReviewByID(ctx context.Context, id int64) (*domain.Review, error) {
	return db.reviews.Get(ctx, strconv.FormatInt(id, 10))
}

// A makeLoader builds a fresh service over rdb and db and returns one of
// its loaders.
type makeLoader func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader

func productLoad[V any](method func(*products.Service, context.Context, int64) (V, error)) makeLoader {
	return func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader {
		svc := products.New(rdb, db)
		return func(ctx context.Context, id string) error {
			_, err := method(svc, ctx, atoi(id))
			return err
		}
	}
}

func priceLoad[V any](method func(*prices.PriceService, context.Context, int64) (V, error)) makeLoader {
	return func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader {
		svc := prices.NewPriceService(cache.New(rdb), db)
		return func(ctx context.Context, id string) error {
			_, err := method(svc, ctx, atoi(id))
			return err
		}
	}
}

func inventoryLoad[V any](method func(*inventory.Service, context.Context, int64) (V, error)) makeLoader {
	return func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader {
		svc := inventory.New(rdb, db)
		return func(ctx context.Context, id string) error {
			_, err := method(svc, ctx, atoi(id))
			return err
		}
	}
}

// reviewLoad wires the review use case as cmd/reviewsd does, with shopDB
// in place of the SQL adapter.
func reviewLoad(method func(*usecase.Reviews, context.Context, int64) (*domain.Review, error)) makeLoader {
	return func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader {
		u := usecase.New(redisrepo.New(rdb), db)
		return func(ctx context.Context, id string) error {
			_, err := method(u, ctx, atoi(id))
			return err
		}
	}
}

// listLoad adapts a loader of one list (one key, no id).
func listLoad(method func(*products.Service, context.Context) ([]*catalog.Product, error)) makeLoader {
	return func(rdb redis.UniversalClient, db *shopDB) cachetest.Loader {
		svc := products.New(rdb, db)
		return func(ctx context.Context, _ string) error {
			_, err := method(svc, ctx)
			return err
		}
	}
}

// The Source each loader reads.
func productRows(db *shopDB) *cachetest.Source[*catalog.Product]     { return db.products }
func priceRows(db *shopDB) *cachetest.Source[*catalog.Price]         { return db.prices }
func offerRows(db *shopDB) *cachetest.Source[*catalog.Offer]         { return db.offers }
func stockRows(db *shopDB) *cachetest.Source[*catalog.Stock]         { return db.stock }
func warehouseRows(db *shopDB) *cachetest.Source[*catalog.Warehouse] { return db.warehouses }
func supplierRows(db *shopDB) *cachetest.Source[*catalog.Supplier]   { return db.suppliers }
func reviewRows(db *shopDB) *cachetest.Source[*domain.Review]        { return db.reviews }

// idLoader: the four checks of a loader of one row by id.
func idLoader[V any](load makeLoader, source func(*shopDB) *cachetest.Source[V]) map[string]runtimeCheck {
	return map[string]runtimeCheck{
		penetration: func(t testing.TB, rdb redis.UniversalClient) bool {
			db := newShopDB()
			return cachetest.NotFoundCached(t, rdb, load(rdb, db), source(db), missing)
		},
		avalanche: func(t testing.TB, rdb redis.UniversalClient) bool {
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(rdb, newShopDB()), ids)
		},
		outage: func(t testing.TB, rdb redis.UniversalClient) bool {
			db := newShopDB()
			return cachetest.SurvivesRedisErrors(t, rdb, load(rdb, db), source(db), ids[0])
		},
		stampede: func(t testing.TB, rdb redis.UniversalClient) bool {
			db := newShopDB()
			return cachetest.SingleRefill(t, rdb, load(rdb, db), source(db), ids[0])
		},
	}
}

// listLoader: the checks of a loader of one hot key, the list the source
// answers under query. It has no id, so no not-found either: the query
// answers a list, empty at worst.
func listLoader(load makeLoader, query string) map[string]runtimeCheck {
	return map[string]runtimeCheck{
		avalanche: func(t testing.TB, rdb redis.UniversalClient) bool {
			// One key, refilled again and again.
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(rdb, newShopDB()), slices.Repeat([]string{query}, 30))
		},
		outage: func(t testing.TB, rdb redis.UniversalClient) bool {
			db := newShopDB()
			return cachetest.SurvivesRedisErrors(t, rdb, load(rdb, db), db.lists, query)
		},
		stampede: func(t testing.TB, rdb redis.UniversalClient) bool {
			db := newShopDB()
			return cachetest.SingleRefill(t, rdb, load(rdb, db), db.lists, query)
		},
	}
}

// batchWriter: the check of a job that writes the cache entries of many
// products at once.
func batchWriter(method func(*products.Service, context.Context, []int64) error) map[string]runtimeCheck {
	return map[string]runtimeCheck{
		avalanche: func(t testing.TB, rdb redis.UniversalClient) bool {
			svc := products.New(rdb, newShopDB())
			write := func(ctx context.Context, ids []string) error {
				ns := make([]int64, len(ids))
				for i, id := range ids {
					ns[i] = atoi(id)
				}
				return method(svc, ctx, ns)
			}
			return cachetest.SpreadsExpiries(t, rdb, write, ids)
		},
	}
}

// authWriter: the expiry check of an auth write, done for many ids at once
// as a burst of logins would.
func authWriter(write func(ctx context.Context, svc *auth.Service, id string) error) runtimeCheck {
	return func(t testing.TB, rdb redis.UniversalClient) bool {
		svc := auth.New(rdb)
		return cachetest.SpreadsExpiries(t, rdb, func(ctx context.Context, ids []string) error {
			for _, id := range ids {
				if err := write(ctx, svc, id); err != nil {
					return err
				}
			}
			return nil
		}, ids)
	}
}
