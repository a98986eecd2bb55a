/*
 * mhd.h -- libmicrohttpd, loaded when `leaflet serve` starts (src/serve
 * only).
 *
 * Linking libmicrohttpd into the program loads GnuTLS and p11-kit with it,
 * and their start-up code ran in every process: 7 ms of every `leaflet
 * build` (measured: an empty program takes 3.0 ms to start and end, 10.1 ms
 * linked with -lmicrohttpd; one leaflet went from 3.7 to 19.6 ms with it).
 * So only the server loads the library, with dlopen(), and calls it
 * through this table; the types and constants still come from
 * <microhttpd.h>.
 */
#ifndef LEAFLET_SERVE_MHD_H
#define LEAFLET_SERVE_MHD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <microhttpd.h>

/* The functions of libmicrohttpd the server calls. */
typedef struct lf_mhd {
  void *library;  /* dlopen()'s handle */
  struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
                                     MHD_AcceptPolicyCallback apc, void *apc_cls,
                                     MHD_AccessHandlerCallback dh, void *dh_cls, ...);
  void (*stop_daemon)(struct MHD_Daemon *daemon);
  MHD_socket (*quiesce_daemon)(struct MHD_Daemon *daemon);
  struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                      enum MHD_ResponseMemoryMode mode);
  struct MHD_Response *(*create_response_from_callback)(uint64_t size, size_t block_size,
                                                        MHD_ContentReaderCallback crc,
                                                        void *crc_cls,
                                                        MHD_ContentReaderFreeCallback crfc);
  enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
                                         const char *content);
  enum MHD_Result (*queue_response)(struct MHD_Connection *connection, unsigned int status_code,
                                    struct MHD_Response *response);
  void (*destroy_response)(struct MHD_Response *response);
  int (*get_connection_values)(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                               MHD_KeyValueIterator iterator, void *iterator_cls);
  const char *(*lookup_connection_value)(struct MHD_Connection *connection,
                                         enum MHD_ValueKind kind, const char *key);
  const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *connection,
                                                         enum MHD_ConnectionInfoType info_type,
                                                         ...);
} lf_mhd;

/*
 * 'lf_mhd_load()' - Load libmicrohttpd and fill 'mhd'.  Returns 0, or -1
 * with what went wrong in 'why' (the library missing, or one of its
 * functions).
 */
int lf_mhd_load(lf_mhd *mhd, char *why, size_t size);

/* 'lf_mhd_unload()' - Let the library go (after the daemon has stopped). */
void lf_mhd_unload(lf_mhd *mhd);

#endif
