/*
 * mhd.c -- libmicrohttpd loaded with dlopen() when the server starts (see
 * mhd.h for why it is not linked).
 */
#include "mhd.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The library's soname: the ABI the Debian package libmicrohttpd12 ships. */
#define LF_MHD_LIBRARY "libmicrohttpd.so.12"

/*
 * 'lf_mhd_load()' - dlopen() the library and look up each function.
 */
int lf_mhd_load(lf_mhd *mhd, char *why, size_t size) {
  memset(mhd, 0, sizeof *mhd);
  mhd->library = dlopen(LF_MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!mhd->library) {
    snprintf(why, size, "cannot load %s (%s; expected the package libmicrohttpd12)",
             LF_MHD_LIBRARY, dlerror());
    return -1;
  }
  static const struct {
    const char *name;
    size_t offset;
  } symbols[] = {
      {"MHD_start_daemon", offsetof(lf_mhd, start_daemon)},
      {"MHD_stop_daemon", offsetof(lf_mhd, stop_daemon)},
      {"MHD_quiesce_daemon", offsetof(lf_mhd, quiesce_daemon)},
      {"MHD_create_response_from_buffer", offsetof(lf_mhd, create_response_from_buffer)},
      {"MHD_create_response_from_callback", offsetof(lf_mhd, create_response_from_callback)},
      {"MHD_add_response_header", offsetof(lf_mhd, add_response_header)},
      {"MHD_queue_response", offsetof(lf_mhd, queue_response)},
      {"MHD_destroy_response", offsetof(lf_mhd, destroy_response)},
      {"MHD_get_connection_values", offsetof(lf_mhd, get_connection_values)},
      {"MHD_lookup_connection_value", offsetof(lf_mhd, lookup_connection_value)},
      {"MHD_get_connection_info", offsetof(lf_mhd, get_connection_info)},
  };
  for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
    void *f = dlsym(mhd->library, symbols[i].name);
    if (!f) {
      snprintf(why, size, "%s has no %s (expected libmicrohttpd 0.9.71 or later)",
               LF_MHD_LIBRARY, symbols[i].name);
      lf_mhd_unload(mhd);
      return -1;
    }
    /* POSIX: a function's address from dlsym() converts to a function
     * pointer; each slot is a pointer to a function of the matching type */
    memcpy((char *)mhd + symbols[i].offset, &f, sizeof f);
  }
  return 0;
}

/*
 * 'lf_mhd_unload()' - dlclose() the library.
 */
void lf_mhd_unload(lf_mhd *mhd) {
  if (mhd->library)
    dlclose(mhd->library);
  memset(mhd, 0, sizeof *mhd);
}
