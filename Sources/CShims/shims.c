#define _GNU_SOURCE // accept4
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

const uint32_t CSHIM_EPOLLIN = EPOLLIN;
const uint32_t CSHIM_EPOLLOUT = EPOLLOUT;
const uint32_t CSHIM_EPOLLERR = EPOLLERR;
const uint32_t CSHIM_EPOLLHUP = EPOLLHUP;
const uint32_t CSHIM_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t CSHIM_EPOLLET = EPOLLET;

int cshim_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}
int cshim_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) {
    return cshim_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data);
}
int cshim_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data) {
    return cshim_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, data);
}
int cshim_epoll_del(int epfd, int fd) {
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

int cshim_epoll_wait(int epfd, cshim_epoll_event *out, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n;
    do {
        n = epoll_wait(epfd, evs, max, timeout_ms);
    } while (n < 0 && errno == EINTR); // a signal is not an event: wait again
    for (int i = 0; i < n; i++) {
        out[i].events = evs[i].events;
        out[i].data = evs[i].data.u64;
    }
    return n;
}

int cshim_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
int cshim_eventfd_signal(int fd) {
    uint64_t one = 1;
    // EAGAIN means the counter is already non-zero: the loop will wake anyway.
    return write(fd, &one, sizeof(one)) == sizeof(one) || errno == EAGAIN ? 0 : -1;
}
int cshim_eventfd_drain(int fd) {
    uint64_t value;
    return read(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}

int cshim_accept(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cshim_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}
int cshim_set_nodelay(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}
int cshim_errno(void) { return errno; }
void cshim_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
uint64_t cshim_process_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int cshim_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
int cshim_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
long cshim_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
long cshim_SSL_set_mode(SSL *ssl, long mode) { return SSL_set_mode(ssl, mode); }
long cshim_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
int cshim_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
const int CSHIM_TLS1_3_VERSION = TLS1_3_VERSION;
const long CSHIM_SSL_MODE_ENABLE_PARTIAL_WRITE = SSL_MODE_ENABLE_PARTIAL_WRITE;
const long CSHIM_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
const long CSHIM_SSL_MODE_RELEASE_BUFFERS = SSL_MODE_RELEASE_BUFFERS;

static GENERAL_NAMES *uri_names(X509 *cert) {
    return X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
}

int cshim_x509_uri_san_count(X509 *cert) {
    GENERAL_NAMES *names = uri_names(cert);
    if (!names) return 0;
    int count = 0;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        if (sk_GENERAL_NAME_value(names, i)->type == GEN_URI) count++;
    }
    GENERAL_NAMES_free(names);
    return count;
}

int cshim_x509_uri_san(X509 *cert, int index, char *buf, int buflen) {
    GENERAL_NAMES *names = uri_names(cert);
    if (!names) return -1;
    int seen = 0, result = -1;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        if (name->type != GEN_URI) continue;
        if (seen++ != index) continue;
        const unsigned char *data = ASN1_STRING_get0_data(name->d.uniformResourceIdentifier);
        int len = ASN1_STRING_length(name->d.uniformResourceIdentifier);
        if (len < buflen) {
            memcpy(buf, data, (size_t)len);
            buf[len] = 0;
            result = len;
        }
        break;
    }
    GENERAL_NAMES_free(names);
    return result;
}
