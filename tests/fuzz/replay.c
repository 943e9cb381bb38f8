/* Runs fuzz_conv.c's LLVMFuzzerTestOneInput on files (or every file of directories) without
 * libFuzzer: the checked-in corpus becomes the CTest test `fuzz.corpus`, with any compiler and
 * under valgrind. Prints "N passed, 0 failed"; a failing input aborts with its description. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) { perror(path); exit(2); }
  uint8_t *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? 2 * cap : 4096;
      if ((buf = realloc(buf, cap)) == NULL) exit(2);
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    if (got == 0) break;
    n += got;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 1;
}

int main(int argc, char **argv) {
  long done = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) { perror(argv[i]); return 2; }
    if (!S_ISDIR(st.st_mode)) { done += run_file(argv[i]); continue; }
    struct dirent **names;
    int k = scandir(argv[i], &names, NULL, alphasort);
    if (k < 0) { perror(argv[i]); return 2; }
    for (int j = 0; j < k; j++) {
      if (names[j]->d_name[0] != '.') {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[i], names[j]->d_name);
        done += run_file(path);
      }
      free(names[j]);
    }
    free(names);
  }
  printf("fuzz replay: %ld inputs\n%ld passed, 0 failed\n", done, done);
  return done ? 0 : 1;
}
