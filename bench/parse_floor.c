/*
 * The parse floor of a set of files: libcsv over each file, 1 MiB reads, a field and a
 * record callback that only count (no conversion, no allocation per field). What any reader
 * of these files must at least spend; `make bench` divides emp's times by it.
 *
 *     parse_floor FILE...      (a .tsv file is split on tabs, a file whose first line has
 *                               more ';' than ',' on semicolons, any other on commas)
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long fields, records;

static void on_field(void *s, size_t n, void *data) { (void)s; (void)n; (void)data; fields++; }
static void on_record(int c, void *data) { (void)c; (void)data; records++; }

static unsigned char delimiter(const char *path, const char *head, ssize_t n) {
    size_t len = strlen(path);
    if (len > 4 && strcmp(path + len - 4, ".tsv") == 0) return '\t';
    int commas = 0, semis = 0;
    for (ssize_t i = 0; i < n && head[i] != '\n'; i++) {
        if (head[i] == ',') commas++;
        if (head[i] == ';') semis++;
    }
    return semis > commas ? ';' : ',';
}

int main(int argc, char **argv) {
    static char buf[1 << 20];
    for (int a = 1; a < argc; a++) {
        int fd = open(argv[a], O_RDONLY);
        if (fd < 0) { perror(argv[a]); return 1; }
        struct csv_parser p;
        csv_init(&p, CSV_APPEND_NULL);
        ssize_t n = read(fd, buf, sizeof buf);
        csv_set_delim(&p, delimiter(argv[a], buf, n));
        while (n > 0) {
            if (csv_parse(&p, buf, (size_t)n, on_field, on_record, NULL) != (size_t)n) {
                fprintf(stderr, "%s: %s\n", argv[a], csv_strerror(csv_error(&p)));
                return 1;
            }
            n = read(fd, buf, sizeof buf);
        }
        csv_fini(&p, on_field, on_record, NULL);
        csv_free(&p);
        close(fd);
    }
    printf("%lu records, %lu fields\n", records, fields);
    return 0;
}
