/* loader_io.c -- reading input files within limits, their SHA-256, and
 * UTF-8 validation. */
#include "loader_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include "loader.h"

static int too_big(cs_diag *d, cs_pos at, const char *path, const char *label,
                   unsigned long long size)
{
    if (size)
        return cs_diag_error(d, at, "%s '%s' is %llu bytes, more than the "
                             "limit of %u bytes (64 MiB); check that it is "
                             "the right file", label, path, size,
                             CS_MAX_FILE_BYTES);
    return cs_diag_error(d, at, "%s '%s' is more than the limit of %u bytes "
                         "(64 MiB); check that it is the right file", label,
                         path, CS_MAX_FILE_BYTES);
}

/* Reads at most CS_MAX_FILE_BYTES + 1 bytes of fd into a new buffer. */
static int read_all(int fd, char **buf, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *p = malloc(cap + 1);

    if (!p)
        return ENOMEM;
    for (;;) {
        ssize_t got;
        if (n == cap) {
            char *q;
            if (cap > CS_MAX_FILE_BYTES)
                break;
            cap *= 2;
            q = realloc(p, cap + 1);
            if (!q) {
                free(p);
                return ENOMEM;
            }
            p = q;
        }
        got = read(fd, p + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno;
            free(p);
            return err;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    p[n] = '\0';
    *buf = p;
    *len = n;
    return 0;
}

int ld_read_file(cs_diag *d, cs_pos at, const char *path, const char *label,
                 int regular_only, char **buf, size_t *len)
{
    struct stat st;
    int fd, err;

    *buf = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return cs_diag_error(d, at, "cannot open %s '%s': %s; check the "
                             "path and its permissions", label, path,
                             strerror(errno));
    if (fstat(fd, &st)) {
        err = errno;
        close(fd);
        return cs_diag_error(d, at, "cannot read %s '%s': %s; check the "
                             "file", label, path, strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return cs_diag_error(d, at, "%s '%s' is a directory; give the path "
                             "of a file inside it", label, path);
    }
    if (regular_only && !S_ISREG(st.st_mode)) {
        close(fd);
        return cs_diag_error(d, at, "%s '%s' is not a regular file; give "
                             "the path of a file", label, path);
    }
    if (!S_ISREG(st.st_mode) && fcntl(fd, F_SETFL, 0)) {  /* block again */
        err = errno;
        close(fd);
        return cs_diag_error(d, at, "cannot read %s '%s': %s; check the "
                             "file", label, path, strerror(err));
    }
    if (S_ISREG(st.st_mode) && st.st_size > (off_t)CS_MAX_FILE_BYTES) {
        close(fd);
        return too_big(d, at, path, label, (unsigned long long)st.st_size);
    }
    err = read_all(fd, buf, len);
    close(fd);
    if (err)
        return cs_diag_error(d, at, "cannot read %s '%s': %s; check the "
                             "file", label, path, strerror(err));
    if (*len > CS_MAX_FILE_BYTES) {
        free(*buf);
        *buf = NULL;
        *len = 0;
        return too_big(d, at, path, label, 0);
    }
    return 0;
}

void ld_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

size_t ld_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        uint32_t cp, min;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1; cp = c & 0x1f; min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2; cp = c & 0x0f; min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3; cp = c & 0x07; min = 0x10000;
        } else {
            return i;
        }
        if (len - i <= need)
            return i;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return len;
}

cs_pos ld_text_pos(const char *file, const char *data, size_t len,
                   size_t off)
{
    cs_pos p = {file, 1, 1};

    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char ch = (unsigned char)data[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
            p.line++;
            p.col = 1;
        } else if ((ch & 0xc0) != 0x80) {
            p.col++;
        }
    }
    return p;
}

int ld_add_input(cs_model *m, const char *path, const char *data,
                 size_t len)
{
    cs_input *in = realloc(m->inputs, (m->n_inputs + 1) * sizeof *in);

    if (!in)
        return -1;
    m->inputs = in;
    in += m->n_inputs;
    in->path = strdup(path);
    if (!in->path)
        return -1;
    ld_sha256_hex(data, len, in->sha256);
    m->n_inputs++;
    return 0;
}
