// CFITSIO is linked statically, and with it its network drivers, which call six libcurl
// functions (for http://, https:// and ftp:// file names). Linking libcurl itself would load it
// and its two dozen libraries (GnuTLS, Kerberos, LDAP, SSH…) into every run: 10 ms of start-up,
// more than the whole cut of a small catalogue. These definitions load libcurl on the first
// call instead; a run that opens no URL never does. Without a libcurl, the calls fail as
// libcurl's own do when it cannot start (CURLE_FAILED_INIT, a NULL handle), and CFITSIO reports
// the file as not opened.

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

// libcurl's ABI (curl/curl.h, which a machine without libcurl's headers lacks): handles are
// opaque, results and options are ints, and an option's number tells the type of its argument.
typedef void CURL;
enum { CURLE_FAILED_INIT = 2, CURLE_UNKNOWN_OPTION = 48 };
enum {
  CURLOPTTYPE_OBJECTPOINT = 10000,
  CURLOPTTYPE_FUNCTIONPOINT = 20000,
  CURLOPTTYPE_OFF_T = 30000,
  CURLOPTTYPE_BLOB = 40000,
};

static struct {
  int (*global_init)(long);
  void (*global_cleanup)(void);
  CURL *(*easy_init)(void);
  int (*easy_setopt)(CURL *, int, ...);
  int (*easy_perform)(CURL *);
  void (*easy_cleanup)(CURL *);
} curl;
static int curl_loaded;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
  // CFITSIO's Debian build links the GnuTLS flavour; any libcurl 7 or 8 has the same ABI.
  static const char *const names[] = {"libcurl-gnutls.so.4", "libcurl.so.4"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    void *library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) continue;
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.global_cleanup = dlsym(library, "curl_global_cleanup");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    if (curl.global_init && curl.global_cleanup && curl.easy_init && curl.easy_setopt
        && curl.easy_perform && curl.easy_cleanup) {
      curl_loaded = 1;
      return;
    }
    dlclose(library);
  }
}

static int have_curl(void) {
  pthread_once(&curl_once, load_curl);
  return curl_loaded;
}

int curl_global_init(long flags) {
  return have_curl() ? curl.global_init(flags) : CURLE_FAILED_INIT;
}

void curl_global_cleanup(void) {
  if (have_curl()) curl.global_cleanup();
}

CURL *curl_easy_init(void) { return have_curl() ? curl.easy_init() : NULL; }

// The variadic argument is read with the type its option's number gives, as libcurl reads it.
int curl_easy_setopt(CURL *handle, int option, ...) {
  if (!have_curl()) return CURLE_FAILED_INIT;
  va_list arguments;
  va_start(arguments, option);
  int result;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    result = curl.easy_setopt(handle, option, va_arg(arguments, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    result = curl.easy_setopt(handle, option, va_arg(arguments, void *));
  } else if (option < CURLOPTTYPE_OFF_T) {
    result = curl.easy_setopt(handle, option, va_arg(arguments, void (*)(void)));
  } else if (option < CURLOPTTYPE_BLOB) {
    result = curl.easy_setopt(handle, option, va_arg(arguments, int64_t));
  } else if (option < CURLOPTTYPE_BLOB + 10000) {
    result = curl.easy_setopt(handle, option, va_arg(arguments, void *));
  } else {
    result = CURLE_UNKNOWN_OPTION;
  }
  va_end(arguments);
  return result;
}

int curl_easy_perform(CURL *handle) {
  return have_curl() ? curl.easy_perform(handle) : CURLE_FAILED_INIT;
}

void curl_easy_cleanup(CURL *handle) {
  if (have_curl()) curl.easy_cleanup(handle);
}
