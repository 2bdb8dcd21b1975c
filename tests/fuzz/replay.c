/* replay.c -- runs a fuzz target (the loader's, the practice CSV
 * reader's or the smaa CSV input's: the one it is linked with, named by
 * CS_FUZZ_NAME) over its corpus (CS_FUZZ_CORPUS) without libFuzzer, so
 * any compiler builds it and `make check` runs it: each file
 * of the corpus (or of the folders and files named on the command line)
 * is read whole and handed to LLVMFuzzerTestOneInput() once. The target
 * traps on what it checks; this driver fails when a file cannot be read
 * or when no input was replayed at all. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CS_FUZZ_NAME
#define CS_FUZZ_NAME "the loader's"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads `path` whole and replays it; 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!fp) {
        perror(path);
        return -1;
    }
    do {
        if (len == cap) {
            uint8_t *p = realloc(buf, cap = cap * 2 + 65536);
            if (!p) {
                free(buf);
                fclose(fp);
                return -1;
            }
            buf = p;
        }
        n = fread(buf + len, 1, cap - len, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

/* Replays `path`, a file or a folder of files; adds to *count. */
static int replay(const char *path, size_t *count)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char sub[4096];
    int rc = 0;

    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        *count += 1;
        return replay_file(path);
    }
    if (!(d = opendir(path))) {
        perror(path);
        return -1;
    }
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rc |= replay(sub, count);
        }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;

    if (argc < 2)
        rc = replay(CS_FUZZ_CORPUS, &count);
    for (int i = 1; i < argc; i++)
        rc |= replay(argv[i], &count);
    if (rc == 0 && count == 0) {
        fprintf(stderr, "replay: no input to replay\n");
        return 1;
    }
    printf("replay: %zu inputs replayed through %s fuzz target\n", count,
           CS_FUZZ_NAME);
    return rc ? 1 : 0;
}
