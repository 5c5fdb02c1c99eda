// Command reviewsd wires the review use case to its adapters: the only
// package that imports both the use case and the Redis and SQL
// implementations of its ports.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/redis/go-redis/v9"

	"github.com/cacheguard/cacheguard/testdata/shop/reviews/redisrepo"
	"github.com/cacheguard/cacheguard/testdata/shop/reviews/sqlrepo"
	"github.com/cacheguard/cacheguard/testdata/shop/reviews/usecase"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	reviews := usecase.New(redisrepo.New(rdb), sqlrepo.New(db))
	r, err := reviews.Review(context.Background(), 1)
	fmt.Println(r, err)
}
