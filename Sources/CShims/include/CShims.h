// Small C helpers for what Swift cannot import: OpenSSL function-like macros,
// and the epoll/eventfd declarations Glibc's Swift overlay does not export.
#ifndef CSHIMS_H
#define CSHIMS_H

#include <stdint.h>
#include <stddef.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

// MARK: epoll / eventfd

/// An epoll event with a plain layout (the kernel's struct is packed on x86_64,
/// which Swift imports poorly).
typedef struct {
    uint32_t events;
    uint64_t data;
} cshim_epoll_event;

extern const uint32_t CSHIM_EPOLLIN;
extern const uint32_t CSHIM_EPOLLOUT;
extern const uint32_t CSHIM_EPOLLERR;
extern const uint32_t CSHIM_EPOLLHUP;
extern const uint32_t CSHIM_EPOLLRDHUP;
extern const uint32_t CSHIM_EPOLLET;

int cshim_epoll_create(void);
int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
int cshim_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
int cshim_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data);
int cshim_epoll_del(int epfd, int fd);
/// Waits like epoll_wait and copies results into `out`; returns the count or -1 with errno.
int cshim_epoll_wait(int epfd, cshim_epoll_event *out, int max, int timeout_ms);

int cshim_eventfd(void);
int cshim_eventfd_signal(int fd);
int cshim_eventfd_drain(int fd);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC (Glibc's overlay hides accept4).
int cshim_accept(int listener);
int cshim_set_nonblocking(int fd);
int cshim_set_nodelay(int fd);
int cshim_errno(void);
void cshim_ignore_sigpipe(void);
/// Current thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
uint64_t cshim_process_cpu_ns(void);

// MARK: OpenSSL macros

int cshim_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
int cshim_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version);
long cshim_SSL_CTX_set_mode(SSL_CTX *ctx, long mode);
long cshim_SSL_set_mode(SSL *ssl, long mode);
long cshim_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode);
int cshim_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
extern const int CSHIM_TLS1_3_VERSION;
extern const long CSHIM_SSL_MODE_ENABLE_PARTIAL_WRITE;
extern const long CSHIM_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
extern const long CSHIM_SSL_MODE_RELEASE_BUFFERS;

/// Number of URI subject-alternative names in `cert`.
int cshim_x509_uri_san_count(X509 *cert);
/// Copies the `index`-th URI SAN of `cert` into `buf` (NUL-terminated); returns its length or -1.
int cshim_x509_uri_san(X509 *cert, int index, char *buf, int buflen);

#endif
