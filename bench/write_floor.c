/*
 * The least a build can spend storing its output: makes, under DST, the folders and files of
 * an existing site SRC with the same sizes (filled with 'x', nothing generated, nothing
 * read but the sizes), so what it takes is the kernel's cost of those files and bytes on
 * that file system. Part K of N writes the files whose path hashes to K; run N parts at once
 * for N writer threads (a credcat build writes on every core).
 *
 *   gcc -O2 bench/write_floor.c -o /tmp/write_floor
 *   /usr/bin/time /tmp/write_floor public /dev/shm/floor            # one writer
 *   /usr/bin/time sh -c '/tmp/write_floor public /dev/shm/floor 0 2 &
 *                        /tmp/write_floor public /dev/shm/floor 1 2 & wait'   # two
 *   rm -rf /dev/shm/floor
 *
 * The walk of SRC (stat of every file) is included; time `find SRC -type f -printf '%s\n'`
 * to subtract it. BENCHMARKS.md, session 26, has the figures.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[1 << 20];
static const char *dst;
static size_t src_len;
static unsigned part, parts = 1;
static int failed;

/* FNV-1a: any hash spreads the files evenly between the parts. */
static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)ftw;
    char out[4096];
    if (snprintf(out, sizeof out, "%s%s", dst, path + src_len) >= (int)sizeof out) return 0;
    if (type == FTW_D) {
        if (mkdir(out, 0755) != 0 && errno != EEXIST) {
            perror(out);
            failed = 1;
        }
        return 0;
    }
    if (type != FTW_F || hash(path) % parts != part) return 0;
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(out);
        failed = 1;
        return 0;
    }
    for (off_t left = st->st_size; left > 0;) {
        size_t n = left > (off_t)sizeof buf ? sizeof buf : (size_t)left;
        ssize_t w = write(fd, buf, n);
        if (w <= 0) {
            perror(out);
            failed = 1;
            break;
        }
        left -= w;
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: write_floor SRC DST [K N]\n");
        return 2;
    }
    if (argc == 5) {
        part = (unsigned)atoi(argv[3]);
        parts = (unsigned)atoi(argv[4]);
        if (parts == 0 || part >= parts) {
            fprintf(stderr, "K must be below N\n");
            return 2;
        }
    }
    memset(buf, 'x', sizeof buf);
    dst = argv[2];
    src_len = strlen(argv[1]);
    if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
        perror(dst);
        return 1;
    }
    if (nftw(argv[1], visit, 64, FTW_PHYS) != 0) {
        perror(argv[1]);
        return 1;
    }
    return failed;
}
