//! Name resolution for the HTTP agents: IP literals are answered directly and host names are
//! cached for a short time, so a call on a reused keep-alive connection neither asks DNS nor
//! spawns a thread.
//!
//! ureq resolves the host before it looks in its connection pool, and with a timeout set its
//! own resolver runs each lookup on a new thread. This one keeps the timeout for real lookups
//! (a hung DNS server still fails within `connect_timeout`) but does one only on a cache miss.
//! Failures are never cached: the next call asks again.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ureq::config::Config as AgentConfig;
use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Addresses handed to ureq per host: the capacity of its `ResolvedSocketAddrs`.
const MAX_ADDRS: usize = 16;

/// Host names remembered at once; a client talks to one host, so this only bounds the worst case.
const MAX_CACHED_HOSTS: usize = 64;

/// Resolves `scheme://host:port` for ureq with a per-host cache of `ttl` (zero: no cache).
#[derive(Debug)]
pub(crate) struct CachingResolver {
    ttl: Duration,
    cache: Mutex<HashMap<(String, u16), Cached>>,
}

#[derive(Debug, Clone)]
struct Cached {
    addrs: Vec<SocketAddr>,
    expires: Instant,
}

impl CachingResolver {
    pub(crate) fn new(ttl: Duration) -> CachingResolver {
        CachingResolver {
            ttl,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn cached(&self, key: &(String, u16), now: Instant) -> Option<Vec<SocketAddr>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(key)
            .filter(|c| c.expires > now)
            .map(|c| c.addrs.clone())
    }

    fn remember(&self, key: (String, u16), addrs: &[SocketAddr], now: Instant) {
        if self.ttl.is_zero() {
            return;
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED_HOSTS {
            cache.retain(|_, c| c.expires > now);
            if cache.len() >= MAX_CACHED_HOSTS {
                cache.clear();
            }
        }
        let expires = now + self.ttl;
        cache.insert(
            key,
            Cached {
                addrs: addrs.to_vec(),
                expires,
            },
        );
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &AgentConfig,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (host, port) = host_and_port(uri)?;
        if let Some(ip) = ip_literal(host) {
            // No lookup and no allocation: the address is in the URL.
            let wanted = config
                .ip_family()
                .keep_wanted(std::iter::once(SocketAddr::new(ip, port)))
                .next();
            let mut result = self.empty();
            result.push(wanted.ok_or(ureq::Error::HostNotFound)?);
            return Ok(result);
        }
        let addrs = {
            let key = (host.to_ascii_lowercase(), port);
            let now = Instant::now();
            match self.cached(&key, now) {
                Some(addrs) => addrs,
                None => {
                    let addrs = lookup(&key.0, port, timeout)?;
                    if !addrs.is_empty() {
                        self.remember(key, &addrs, now);
                    }
                    addrs
                }
            }
        };
        let mut result = self.empty();
        for addr in config
            .ip_family()
            .keep_wanted(addrs.into_iter())
            .take(MAX_ADDRS)
        {
            result.push(addr);
        }
        if result.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(result)
    }
}

/// The host (without IPv6 brackets) and the port, defaulted from the scheme.
fn host_and_port(uri: &Uri) -> Result<(&str, u16), ureq::Error> {
    let bad = |what: &str| ureq::Error::BadUri(format!("{what}: {uri}"));
    let authority = uri.authority().ok_or_else(|| bad("no host"))?;
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        Some("http") => 80,
        _ => return Err(bad("unknown scheme")),
    };
    let port = authority.port_u16().unwrap_or(default_port);
    let host = authority.host();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty() {
        return Err(bad("no host"));
    }
    Ok((host, port))
}

fn ip_literal(host: &str) -> Option<IpAddr> {
    host.parse().ok()
}

/// Asks the system resolver. With a deadline the lookup runs on its own thread (getaddrinfo
/// cannot be interrupted), abandoned when the deadline passes.
fn lookup(host: &str, port: u16, timeout: NextTimeout) -> Result<Vec<SocketAddr>, ureq::Error> {
    let target = (host.to_string(), port);
    if timeout.after.is_not_happening() {
        return to_addrs(&target);
    }
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("faspay-dns".into())
        .spawn(move || {
            let _ = tx.send(to_addrs(&target));
        })
        .map_err(ureq::Error::Io)?;
    match rx.recv_timeout(*timeout.after) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ureq::Error::Timeout(timeout.reason)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ureq::Error::HostNotFound),
    }
}

/// A failed lookup is "host not found": nothing was sent.
fn to_addrs(target: &(String, u16)) -> Result<Vec<SocketAddr>, ureq::Error> {
    match (target.0.as_str(), target.1).to_socket_addrs() {
        Ok(addrs) => Ok(addrs.collect()),
        Err(_) => Err(ureq::Error::HostNotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::Timeout;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

    fn no_deadline() -> NextTimeout {
        NextTimeout {
            after: UreqDuration::NotHappening,
            reason: Timeout::Global,
            ..NextTimeout::default()
        }
    }

    fn resolve(resolver: &CachingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().expect("uri");
        let addrs = resolver.resolve(&uri, &AgentConfig::default(), no_deadline())?;
        Ok(addrs.iter().copied().collect())
    }

    #[test]
    fn ip_literals_are_answered_without_a_lookup_or_cache() {
        let resolver = CachingResolver::new(Duration::from_secs(60));
        assert_eq!(
            resolve(&resolver, "http://127.0.0.1:8080/x").unwrap(),
            vec!["127.0.0.1:8080".parse().unwrap()]
        );
        assert_eq!(
            resolve(&resolver, "https://[::1]/x").unwrap(),
            vec!["[::1]:443".parse().unwrap()]
        );
        assert!(resolver.cache.lock().unwrap().is_empty());
    }

    #[test]
    fn names_are_cached_for_the_ttl_and_failures_never() {
        let resolver = CachingResolver::new(Duration::from_secs(60));
        let first = resolve(&resolver, "http://LocalHost:9/").unwrap();
        assert!(!first.is_empty());
        let key = ("localhost".to_string(), 9);
        assert_eq!(resolver.cache.lock().unwrap()[&key].addrs, first);
        // A planted entry is what a hit returns: no second lookup happened.
        let planted: SocketAddr = "10.9.8.7:9".parse().unwrap();
        resolver.cache.lock().unwrap().get_mut(&key).unwrap().addrs = vec![planted];
        assert_eq!(
            resolve(&resolver, "http://localhost:9/").unwrap(),
            vec![planted]
        );
        // Expired: asked again.
        resolver
            .cache
            .lock()
            .unwrap()
            .get_mut(&key)
            .unwrap()
            .expires = Instant::now();
        assert_eq!(resolve(&resolver, "http://localhost:9/").unwrap(), first);

        let missing = resolve(&resolver, "http://no-such-host.invalid/");
        assert!(matches!(missing, Err(ureq::Error::HostNotFound)));
        assert_eq!(resolver.cache.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_zero_ttl_caches_nothing_and_the_cache_is_bounded() {
        let off = CachingResolver::new(Duration::ZERO);
        resolve(&off, "http://localhost:9/").unwrap();
        assert!(off.cache.lock().unwrap().is_empty());

        let resolver = CachingResolver::new(Duration::from_secs(60));
        let now = Instant::now();
        let addr: SocketAddr = "127.0.0.1:1".parse().unwrap();
        for i in 0..(MAX_CACHED_HOSTS as u16 * 2) {
            resolver.remember((format!("h{i}"), i), &[addr], now);
            assert!(resolver.cache.lock().unwrap().len() <= MAX_CACHED_HOSTS);
        }
    }
}
