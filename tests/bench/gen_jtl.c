/*
 * gen_jtl.c - writes a JMeter 5 JTL CSV of a given number of rows to
 * standard output, the same bytes for the same seed, for the ingest
 * benchmark.
 *
 * usage: gen_jtl ROWS [SEED] > file.jtl
 *
 * The file has JMeter 5's default 17 columns and header. Twenty labels,
 * each with its own median latency and spread, draw elapsed times from
 * a log-normal distribution (rounded to whole milliseconds, as JMeter
 * writes them). About 2.5 % of samples fail: HTTP 500 and 404, read
 * timeouts with JMeter's "Non HTTP response code" texts, and assertion
 * failures on 200 responses. One label holds a comma and is quoted.
 * Samples arrive at about 2500 per second from 50 threads, so ten
 * million rows cover about 67 minutes; timestamps are start times and,
 * as in a real JTL written at sample end, not strictly ordered.
 *
 * The random numbers come from splitmix64 (S. Vigna, public domain) and
 * the Box-Muller transform, so the output does not depend on the C
 * library.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define LABELS 20
#define THREADS 50
#define START_MS INT64_C(1700000000000)
#define RATE_PER_MS 2.5

typedef struct label {
    const char *name;
    const char *url;
    double median_ms;
    double sigma;
} label;

static const label labels[LABELS] = {
    {"GET /", "/", 45, 0.35},
    {"GET /api/catalog", "/api/catalog", 120, 0.5},
    {"GET /api/catalog/item", "/api/catalog/item", 85, 0.45},
    {"\"Search, filtered\"", "/api/search", 310, 0.7},
    {"GET /api/search/suggest", "/api/search/suggest", 28, 0.4},
    {"POST /api/cart", "/api/cart", 150, 0.55},
    {"GET /api/cart", "/api/cart", 60, 0.4},
    {"DELETE /api/cart/item", "/api/cart/item", 70, 0.45},
    {"POST /api/checkout", "/api/checkout", 820, 0.8},
    {"POST /api/payment", "/api/payment", 1400, 0.9},
    {"GET /api/orders", "/api/orders", 210, 0.6},
    {"GET /api/orders/detail", "/api/orders/detail", 95, 0.5},
    {"POST /api/login", "/api/login", 260, 0.5},
    {"POST /api/logout", "/api/logout", 18, 0.3},
    {"GET /api/profile", "/api/profile", 75, 0.45},
    {"PUT /api/profile", "/api/profile", 180, 0.6},
    {"GET /static/app.js", "/static/app.js", 12, 0.6},
    {"GET /static/app.css", "/static/app.css", 9, 0.5},
    {"GET /api/recommendations", "/api/recommendations", 540, 0.75},
    {"GET /health", "/health", 3, 0.3},
};

static uint64_t state;

/* splitmix64: the next 64 random bits. */
static uint64_t next_u64(void)
{
    uint64_t z = (state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double uniform(void)
{
    return ((double)(next_u64() >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal by Box-Muller. */
static double normal(void)
{
    return sqrt(-2.0 * log(uniform())) * cos(2.0 * M_PI * uniform());
}

/* Writes one row; the outcome is drawn from u in [0, 1). */
static void row(int64_t stamp, long elapsed, const label *l, int thread,
                double u)
{
    const char *code = "200", *message = "OK", *success = "true";
    const char *failure = "";
    long bytes = 800 + (long)(next_u64() % 30000);

    if (u < 0.010) {
        code = "500";
        message = "Internal Server Error";
        success = "false";
    } else if (u < 0.015) {
        code = "404";
        message = "Not Found";
        success = "false";
    } else if (u < 0.018) {
        code = "Non HTTP response code: java.net.SocketTimeoutException";
        message = "Non HTTP response message: Read timed out";
        success = "false";
        bytes = 0;
    } else if (u < 0.025) {
        success = "false";
        failure = "Test failed: text expected to contain "
                  "/\"\"status\"\":\"\"ok\"\"/";
    }
    printf("%" PRId64 ",%ld,%s,%s,%s,Thread Group 1-%d,text,%s,%s%s%s,%ld,"
           "%ld,%d,%d,https://shop.example.com%s,%ld,0,%ld\n",
           stamp, elapsed, l->name, code, message, thread, success,
           *failure ? "\"" : "", failure, *failure ? "\"" : "", bytes,
           200 + (long)(next_u64() % 400), THREADS, THREADS, l->url,
           elapsed > 2 ? elapsed - 1 - (long)(next_u64() % 2) : elapsed,
           (long)(next_u64() % 5));
}

int main(int argc, char **argv)
{
    long long rows = argc > 1 ? atoll(argv[1]) : 0;
    static char out[1 << 20];

    if (rows <= 0) {
        fputs("usage: gen_jtl ROWS [SEED]\n", stderr);
        return 2;
    }
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
    setvbuf(stdout, out, _IOFBF, sizeof out);
    puts("timeStamp,elapsed,label,responseCode,responseMessage,threadName,"
         "dataType,success,failureMessage,bytes,sentBytes,grpThreads,"
         "allThreads,URL,Latency,IdleTime,Connect");
    for (long long i = 0; i < rows; i++) {
        /* A few hot labels take more of the traffic. */
        uint64_t pick = next_u64() % 100;
        const label *l = &labels[pick < 60 ? pick % LABELS
                                           : (pick - 60) % 8];
        double ms = l->median_ms * exp(l->sigma * normal());
        long elapsed = ms < 1.0 ? 1 : (long)(ms + 0.5);
        int64_t stamp = START_MS + (int64_t)((double)i / RATE_PER_MS)
                        - elapsed;

        row(stamp, elapsed, l, 1 + (int)(next_u64() % THREADS), uniform());
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
