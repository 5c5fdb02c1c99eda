// Package datalayer is what cacheguard knows of the data layers behind a
// cache: which calls of gorm, database/sql, sqlx, pgx, mongo-driver and ent
// report "no such record", and with which error, and how a not-found error
// is named. Like redisapi for the clients, it is the one place that names
// those libraries' functions.
package datalayer

import (
	"go/types"
	"regexp"
	"strings"
)

// notFoundName is how a not-found error, or its type, is named: redis.Nil,
// sql.ErrNoRows, gorm.ErrRecordNotFound, mongo.ErrNoDocuments, ent's
// NotFoundError, a user's ErrUserNotFound or ErrKeyNotExist.
var notFoundName = regexp.MustCompile(`(?i)not.?found|no.?rows|no.?documents|not.?exist|no.?such|no.?record|^nil$`)

// IsNotFoundName reports whether an error variable or type of this name
// means "no such record".
func IsNotFoundName(name string) bool { return notFoundName.MatchString(name) }

// paths are the data-layer packages, by import path.
var paths = map[string]string{
	"gorm.io/gorm":                         "gorm",
	"database/sql":                         "sql",
	"github.com/jmoiron/sqlx":              "sqlx",
	"github.com/jackc/pgx/v5":              "pgx",
	"github.com/jackc/pgx/v4":              "pgx",
	"go.mongodb.org/mongo-driver/mongo":    "mongo",
	"go.mongodb.org/mongo-driver/v2/mongo": "mongo",
	"entgo.io/ent":                         "ent",
}

// IsPath reports whether path is a data-layer package.
func IsPath(path string) bool { _, ok := paths[path]; return ok }

// reports maps "lib.Recv.Method" (or "lib.Func") to the not-found error
// the call reports.
var reports = map[string]string{
	"gorm.DB.First":             "gorm.ErrRecordNotFound", // through the returned *DB's Error field
	"gorm.DB.Take":              "gorm.ErrRecordNotFound",
	"gorm.DB.Last":              "gorm.ErrRecordNotFound",
	"sql.Row.Scan":              "sql.ErrNoRows",
	"sqlx.DB.Get":               "sql.ErrNoRows",
	"sqlx.DB.GetContext":        "sql.ErrNoRows",
	"sqlx.Tx.Get":               "sql.ErrNoRows",
	"sqlx.Tx.GetContext":        "sql.ErrNoRows",
	"sqlx.Get":                  "sql.ErrNoRows",
	"sqlx.GetContext":           "sql.ErrNoRows",
	"sqlx.Row.Scan":             "sql.ErrNoRows",
	"sqlx.Row.StructScan":       "sql.ErrNoRows",
	"pgx.Row.Scan":              "pgx.ErrNoRows",
	"pgx.CollectOneRow":         "pgx.ErrNoRows", // generic: its origin is named
	"pgx.CollectExactlyOneRow":  "pgx.ErrNoRows",
	"mongo.SingleResult.Decode": "mongo.ErrNoDocuments",
	"mongo.SingleResult.Err":    "mongo.ErrNoDocuments",
	"mongo.SingleResult.Raw":    "mongo.ErrNoDocuments",
}

// Reports returns the not-found error a call of fn reports ("sql.ErrNoRows"),
// or "" when fn is not a data-layer call that can.
func Reports(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	lib, ok := paths[fn.Pkg().Path()]
	if !ok {
		return ""
	}
	name := lib + "." + fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = lib + "." + n.Obj().Name() + "." + fn.Name()
		}
	}
	return reports[name]
}

// ErrorField reports whether a selector names the field through which a
// chained query reports its error (gorm's db.First(&u).Error).
func ErrorField(lib, field string) bool { return lib == "gorm" && field == "Error" }

// Lib returns the short name of a data-layer package path, or "".
func Lib(path string) string { return paths[path] }

// Short returns "pkg.Name" for an object, as messages name errors.
func Short(obj types.Object) string {
	if obj.Pkg() == nil {
		return obj.Name()
	}
	p := obj.Pkg().Path()
	return p[strings.LastIndexByte(p, '/')+1:] + "." + obj.Name()
}
