//! Name resolution for the HTTP agents: IP literals are answered directly (the client's own
//! base URL host parsed once, when the client is made) and host names are cached for a short
//! time, so a call on a reused keep-alive connection neither asks DNS nor spawns a thread.
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
    /// The base URL's scheme and authority (`host:port` as written) with, when its host is an
    /// IP literal, the address: every call of a client names that authority, and reading the
    /// host and parsing the literal again cost a fifth of a resolve.
    base: Option<BaseAuthority>,
}

#[derive(Debug)]
struct BaseAuthority {
    scheme: Box<str>,
    authority: Box<str>,
    target: Target,
}

/// Where a URL's host leads.
#[derive(Debug)]
enum Target {
    /// An IP literal: this address, no lookup.
    Literal(SocketAddr),
    /// A name: its cache key (the host in lowercase, the port).
    Name((String, u16)),
}

impl Target {
    fn of(host: &str, port: u16) -> Target {
        match ip_literal(host) {
            Some(ip) => Target::Literal(SocketAddr::new(ip, port)),
            None => Target::Name((host.to_ascii_lowercase(), port)),
        }
    }
}

#[derive(Debug, Clone)]
struct Cached {
    addrs: Vec<SocketAddr>,
    expires: Instant,
}

impl CachingResolver {
    /// A resolver for a client whose requests go to `base_url` (an unparsable one is simply
    /// not remembered: every URL is then read per call).
    pub(crate) fn new(ttl: Duration, base_url: &str) -> CachingResolver {
        let base = base_url.parse::<Uri>().ok().and_then(|uri| {
            let (host, port) = host_and_port(&uri).ok()?;
            Some(BaseAuthority {
                scheme: uri.scheme_str()?.into(),
                authority: uri.authority()?.as_str().into(),
                target: Target::of(host, port),
            })
        });
        CachingResolver {
            ttl,
            cache: Mutex::new(HashMap::new()),
            base,
        }
    }

    /// Where `uri` leads when it names the base URL's authority, without reading its host.
    fn base_target(&self, uri: &Uri) -> Option<&Target> {
        let base = self.base.as_ref()?;
        let same = uri.authority().map(|a| a.as_str()) == Some(&*base.authority)
            && uri.scheme_str() == Some(&*base.scheme);
        same.then_some(&base.target)
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
        let other;
        let target = match self.base_target(uri) {
            Some(target) => target,
            None => {
                let (host, port) = host_and_port(uri)?;
                other = Target::of(host, port);
                &other
            }
        };
        let key = match target {
            Target::Name(key) => key,
            Target::Literal(addr) => {
                // No lookup and no allocation: the address is in the URL.
                let mut result = self.empty();
                push_wanted(&mut result, config, std::iter::once(*addr));
                return non_empty(result);
            }
        };
        let now = Instant::now();
        let mut result = self.empty();
        {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(hit) = cache.get(key).filter(|c| c.expires > now) {
                push_wanted(&mut result, config, hit.addrs.iter().copied());
                return non_empty(result);
            }
        }
        let addrs = lookup(&key.0, key.1, timeout)?;
        if !addrs.is_empty() {
            self.remember(key.clone(), &addrs, now);
        }
        push_wanted(&mut result, config, addrs.into_iter());
        non_empty(result)
    }
}

/// Adds the addresses of the wanted IP family, up to [`MAX_ADDRS`].
fn push_wanted(
    result: &mut ResolvedSocketAddrs,
    config: &AgentConfig,
    addrs: impl Iterator<Item = SocketAddr>,
) {
    for addr in config.ip_family().keep_wanted(addrs).take(MAX_ADDRS) {
        result.push(addr);
    }
}

fn non_empty(result: ResolvedSocketAddrs) -> Result<ResolvedSocketAddrs, ureq::Error> {
    if result.is_empty() {
        return Err(ureq::Error::HostNotFound);
    }
    Ok(result)
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
        let addr = |text: &str| -> SocketAddr { text.parse().unwrap() };
        for base in ["https://web.faspay.co.id", "http://10.0.0.1", "not a url"] {
            let resolver = CachingResolver::new(Duration::from_secs(60), base);
            let cases = [
                ("http://127.0.0.1:8080/x", addr("127.0.0.1:8080")),
                ("https://[::1]/x", addr("[::1]:443")),
                ("http://[::1]:81/x", addr("[::1]:81")),
                // The base URL's authority, then the same host under another scheme or with
                // the port written out: the port always follows the URL asked about.
                ("http://10.0.0.1/cvr/100004/10", addr("10.0.0.1:80")),
                ("https://10.0.0.1/cvr/100004/10", addr("10.0.0.1:443")),
                ("http://10.0.0.1:8080/x", addr("10.0.0.1:8080")),
            ];
            for (url, expected) in cases {
                assert_eq!(
                    resolve(&resolver, url).unwrap(),
                    vec![expected],
                    "{base}: {url}"
                );
            }
            assert!(resolver.cache.lock().unwrap().is_empty());
        }
        let named = CachingResolver::new(Duration::from_secs(60), "http://LocalHost:9");
        assert!(matches!(
            named.base.as_ref().unwrap().target,
            Target::Name(_)
        ));
        assert!(!resolve(&named, "http://LocalHost:9/x").unwrap().is_empty());
        assert_eq!(
            named.cache.lock().unwrap().len(),
            1,
            "a name is looked up and cached"
        );
    }

    #[test]
    fn names_are_cached_for_the_ttl_and_failures_never() {
        let resolver = CachingResolver::new(Duration::from_secs(60), "https://web.faspay.co.id");
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
        let off = CachingResolver::new(Duration::ZERO, "https://web.faspay.co.id");
        resolve(&off, "http://localhost:9/").unwrap();
        assert!(off.cache.lock().unwrap().is_empty());

        let resolver = CachingResolver::new(Duration::from_secs(60), "https://web.faspay.co.id");
        let now = Instant::now();
        let addr: SocketAddr = "127.0.0.1:1".parse().unwrap();
        for i in 0..(MAX_CACHED_HOSTS as u16 * 2) {
            resolver.remember((format!("h{i}"), i), &[addr], now);
            assert!(resolver.cache.lock().unwrap().len() <= MAX_CACHED_HOSTS);
        }
    }
}
