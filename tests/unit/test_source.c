/*
 * test_source.c - input sources: plain files, gzip (recognised by its
 * magic bytes, single and multi-member, truncated and corrupt), standard
 * input from a file and from a pipe, the head kept for sniffing, and the
 * errors of missing files and directories.
 *
 * Every expected byte is the one the test wrote; gzip files are made
 * with zlib's gzwrite, so the test does not depend on gzip(1).
 */
#include "headroom/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "testkit.h"

/* ---- helpers ---------------------------------------------------------- */

static char *tmpdir;

/* A path in the test's temporary directory (static buffer). */
static const char *tmp_path(const char *name)
{
    static char path[1024];

    if (!tmpdir)
        tmpdir = hr_test_tmpdir();
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* n bytes of varied text: numbered CSV-like lines. */
static char *make_text(size_t n)
{
    char *text = malloc(n + 1);
    size_t used = 0;

    for (unsigned long line = 1; text && used < n; line++) {
        int wrote = snprintf(text + used, n + 1 - used,
                             "%lu,%lu,label %lu\n", 1700000000000UL + line,
                             line * 7 % 1000, line % 13);

        used += (size_t)wrote;
    }
    return text;
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *file = fopen(path, "wb");

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(fwrite(bytes, 1, n, file), n);
    fclose(file);
}

/* Appends one gzip member holding bytes to path. */
static void write_gzip(const char *path, const char *bytes, size_t n,
                       const char *mode)
{
    gzFile file = gzopen(path, mode);

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(gzwrite(file, bytes, (unsigned)n), (int)n);
    CU_ASSERT_EQUAL(gzclose(file), Z_OK);
}

/* Reads the whole source in odd-sized pieces; the caller frees it. */
static char *read_all(hr_source *source, size_t *n, hr_status *status)
{
    size_t capacity = 1 << 16, piece = 777;
    char *bytes = malloc(capacity);

    *n = 0;
    *status = HR_OK;
    while (bytes) {
        size_t got;

        if (*n + piece > capacity)
            bytes = realloc(bytes, capacity *= 2);
        if (!bytes)
            break;
        got = hr_source_read(source, bytes + *n, piece, status);
        *n += got;
        if (got == 0 || *status != HR_OK)
            break;
        piece = piece * 3 % 100000 + 1;
    }
    return bytes;
}

/* Opens path and checks that it yields exactly want (n bytes), with the
 * head being its first bytes. */
static void check_source(const char *path, const char *want, size_t n,
                         bool compressed, const char *name)
{
    hr_source *source = NULL;
    hr_diags diags = {0};
    const char *head;
    size_t head_n, got_n;
    hr_status status;
    char *got;

    CU_ASSERT_EQUAL_FATAL(hr_source_open(path, &source, &diags), HR_OK);
    CU_ASSERT_STRING_EQUAL(hr_source_name(source), name);
    CU_ASSERT_EQUAL(hr_source_compressed(source), compressed);
    hr_source_head(source, &head, &head_n);
    CU_ASSERT_EQUAL(head_n, n < HR_SOURCE_HEAD_BYTES ? n
                                                     : HR_SOURCE_HEAD_BYTES);
    CU_ASSERT(memcmp(head, want, head_n) == 0);
    got = read_all(source, &got_n, &status);
    CU_ASSERT_EQUAL(status, HR_OK);
    CU_ASSERT_EQUAL(got_n, n);
    CU_ASSERT(got && memcmp(got, want, n) == 0);
    free(got);
    hr_source_close(source);
    CU_ASSERT_EQUAL(diags.count, 0);
    hr_diags_release(&diags);
}

/* ---- plain and gzip --------------------------------------------------- */

/* A plain file, larger than the head: all bytes, size known, and a
 * descriptor for fast readers. */
static void test_plain_file(void)
{
    size_t n = 300000;
    char *text = make_text(n);
    hr_source *source = NULL;
    size_t size = 0;

    write_bytes(tmp_path("plain.csv"), text, n);
    check_source(tmp_path("plain.csv"), text, n, false, tmp_path("plain.csv"));
    CU_ASSERT_EQUAL(hr_source_open(tmp_path("plain.csv"), &source, NULL),
                    HR_OK);
    CU_ASSERT_EQUAL(hr_source_size_hint(source), n);
    CU_ASSERT(hr_source_plain_fd(source, &size) >= 0);
    CU_ASSERT_EQUAL(size, n);
    hr_source_close(source);
    free(text);
}

/* A small file: the head is the whole file. */
static void test_small_file(void)
{
    static const char text[] = "timeStamp,elapsed\n1,2\n";

    write_bytes(tmp_path("small.csv"), text, sizeof text - 1);
    check_source(tmp_path("small.csv"), text, sizeof text - 1, false,
                 tmp_path("small.csv"));
    write_bytes(tmp_path("empty.csv"), "", 0);
    check_source(tmp_path("empty.csv"), "", 0, false, tmp_path("empty.csv"));
}

/* gzip, whatever the name: inflated, head from the inflated bytes, no
 * size hint and no plain descriptor. */
static void test_gzip_file(void)
{
    size_t n = 500000, size = 0;
    char *text = make_text(n);
    hr_source *source = NULL;

    write_gzip(tmp_path("results.jtl"), text, n, "wb");
    check_source(tmp_path("results.jtl"), text, n, true,
                 tmp_path("results.jtl"));
    CU_ASSERT_EQUAL(hr_source_open(tmp_path("results.jtl"), &source, NULL),
                    HR_OK);
    CU_ASSERT_EQUAL(hr_source_size_hint(source), 0);
    CU_ASSERT_EQUAL(hr_source_plain_fd(source, &size), -1);
    hr_source_close(source);
    free(text);
}

/* Two gzip members one after the other read as one stream, as gzip -d
 * does with concatenated files. */
static void test_gzip_members(void)
{
    size_t n = 100000;
    char *text = make_text(n);

    write_gzip(tmp_path("two.gz"), text, 40000, "wb");
    write_gzip(tmp_path("two.gz"), text + 40000, n - 40000, "ab");
    check_source(tmp_path("two.gz"), text, n, true, tmp_path("two.gz"));
    free(text);
}

/* Reads a broken gzip file: the open or a read fails with HR_ERR_IO and
 * a reason containing why. */
static void check_broken_gzip(const char *path, const char *why)
{
    hr_source *source = NULL;
    hr_diags diags = {0};
    hr_status status = hr_source_open(path, &source, &diags);
    size_t n;
    char *bytes;

    if (status == HR_OK) {
        bytes = read_all(source, &n, &status);
        CU_ASSERT_PTR_NOT_NULL(strstr(hr_source_error(source), why));
        free(bytes);
    } else {
        CU_ASSERT_EQUAL_FATAL(diags.count, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message, why));
    }
    CU_ASSERT_EQUAL(status, HR_ERR_IO);
    hr_source_close(source);
    hr_diags_release(&diags);
}

/* A gzip file cut short, and one with damaged data. */
static void test_gzip_broken(void)
{
    size_t n = 400000;
    char *text = make_text(n);
    FILE *file;
    long size;
    char *bytes;

    write_gzip(tmp_path("whole.gz"), text, n, "wb");
    file = fopen(tmp_path("whole.gz"), "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    fseek(file, 0, SEEK_END);
    size = ftell(file);
    rewind(file);
    bytes = malloc((size_t)size);
    CU_ASSERT_EQUAL(fread(bytes, 1, (size_t)size, file), (size_t)size);
    fclose(file);

    write_bytes(tmp_path("cut.gz"), bytes, (size_t)size / 2);
    check_broken_gzip(tmp_path("cut.gz"), "truncated gzip data");
    write_bytes(tmp_path("cut_head.gz"), bytes, 20);
    check_broken_gzip(tmp_path("cut_head.gz"), "truncated gzip data");
    for (long i = size / 3; i < size / 3 + 64; i++)
        bytes[i] ^= 0x5a;
    write_bytes(tmp_path("bad.gz"), bytes, (size_t)size);
    check_broken_gzip(tmp_path("bad.gz"), "gzip");
    free(bytes);
    free(text);
}

/* ---- standard input --------------------------------------------------- */

/* Runs check_source on "-" with standard input replaced by fd. */
static void check_stdin(int fd, const char *want, size_t n, bool compressed)
{
    int saved = dup(STDIN_FILENO);

    CU_ASSERT_FATAL(saved >= 0);
    CU_ASSERT_FATAL(dup2(fd, STDIN_FILENO) >= 0);
    close(fd);
    check_source("-", want, n, compressed, "<stdin>");
    dup2(saved, STDIN_FILENO);
    close(saved);
}

/* "-" reads standard input: a redirected file and a pipe whose writer
 * sends more than the head in small pieces. */
static void test_stdin(void)
{
    size_t n = 200000;
    char *text = make_text(n);
    int pipe_fds[2];
    pid_t child;

    write_bytes(tmp_path("in.csv"), text, n);
    check_stdin(open(tmp_path("in.csv"), O_RDONLY), text, n, false);
    write_gzip(tmp_path("in.gz"), text, n, "wb");
    check_stdin(open(tmp_path("in.gz"), O_RDONLY), text, n, true);

    CU_ASSERT_FATAL(pipe(pipe_fds) == 0);
    child = fork();
    CU_ASSERT_FATAL(child >= 0);
    if (child == 0) {
        close(pipe_fds[0]);
        for (size_t i = 0; i < n; i += 1000) {
            size_t piece = n - i < 1000 ? n - i : 1000;

            if (write(pipe_fds[1], text + i, piece) != (ssize_t)piece)
                _exit(1);
        }
        _exit(0);
    }
    close(pipe_fds[1]);
    check_stdin(pipe_fds[0], text, n, false);
    waitpid(child, NULL, 0);
    free(text);
}

/* ---- errors and progress ---------------------------------------------- */

/* A missing file and a directory fail with the system's reason. */
static void test_open_errors(void)
{
    const char *paths[2] = {tmp_path("none.csv"), NULL};
    const int errors[2] = {ENOENT, EISDIR};
    char missing[1024];

    snprintf(missing, sizeof missing, "%s", paths[0]);
    paths[0] = missing;
    paths[1] = tmpdir;
    for (int i = 0; i < 2; i++) {
        hr_source *source = NULL;
        hr_diags diags = {0};

        CU_ASSERT_EQUAL(hr_source_open(paths[i], &source, &diags),
                        HR_ERR_IO);
        CU_ASSERT_PTR_NULL(source);
        CU_ASSERT_EQUAL_FATAL(diags.count, 1);
        CU_ASSERT_STRING_EQUAL(diags.items[0].file, paths[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message,
                                      strerror(errors[i])));
        hr_diags_release(&diags);
    }
    CU_ASSERT_EQUAL(hr_source_open(NULL, NULL, NULL), HR_ERR_DOMAIN);
    hr_source_close(NULL);
}

static void count_calls(size_t done, size_t total, void *context)
{
    size_t *calls = context;

    CU_ASSERT(done <= total);
    calls[0]++;
    calls[1] = done;
}

/* The progress callback hears of a file read in several megabytes. */
static void test_progress(void)
{
    size_t n = (size_t)5 << 20, calls[2] = {0, 0};
    char *text = make_text(n);
    hr_source *source = NULL;
    hr_status status;
    size_t got;
    char *all;

    write_bytes(tmp_path("big.csv"), text, n);
    CU_ASSERT_EQUAL_FATAL(hr_source_open(tmp_path("big.csv"), &source,
                                         NULL), HR_OK);
    hr_source_set_progress(source, count_calls, calls);
    all = read_all(source, &got, &status);
    CU_ASSERT_EQUAL(got, n);
    CU_ASSERT(calls[0] >= 4);
    CU_ASSERT(calls[1] >= n - ((size_t)1 << 20));
    hr_source_report_progress(source, 17);
    CU_ASSERT_EQUAL(calls[1], 17);
    hr_source_close(source);
    free(all);
    free(text);
}

/* Removes the temporary files. */
static void test_cleanup(void)
{
    static const char *const names[] = {
        "plain.csv", "small.csv", "empty.csv", "results.jtl", "two.gz",
        "whole.gz", "cut.gz", "cut_head.gz", "bad.gz", "in.csv", "in.gz",
        "big.csv",
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(tmp_path(names[i]));
    CU_ASSERT_EQUAL(rmdir(tmpdir), 0);
    free(tmpdir);
    tmpdir = NULL;
}

static const hr_test_case cases[] = {
    {"plain file", test_plain_file},
    {"small file", test_small_file},
    {"gzip file", test_gzip_file},
    {"gzip members", test_gzip_members},
    {"broken gzip", test_gzip_broken},
    {"standard input", test_stdin},
    {"open errors", test_open_errors},
    {"progress", test_progress},
    {"cleanup", test_cleanup},
};

HR_TEST_MAIN("source", cases)
