/*!
A small pool of store connections for the blocking thread pool.

The store is synchronous and one connection serves one caller at a time, so each
request takes a connection, runs its queries on tokio's blocking pool
([`Pool::run`]), and gives the connection back. Callers beyond the number of
connections wait for one; the wait counts against the request's timeout.
*/

use sitrep_store::{Store, StoreError};
use std::sync::{Arc, Condvar, Mutex};

/// Store connections shared by the handlers.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<(Mutex<Vec<Store>>, Condvar)>,
    size: usize,
}

/// A failure of a pooled call.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the store connection pool is poisoned")]
    Poisoned,
    #[error("a store worker stopped: {0}")]
    Join(String),
}

impl Pool {
    pub fn new(stores: Vec<Store>) -> Pool {
        let size = stores.len();
        Pool {
            inner: Arc::new((Mutex::new(stores), Condvar::new())),
            size,
        }
    }

    /// Number of connections.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Run `f` with a connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let (lock, cv) = &*inner;
            let mut store = {
                let mut free = lock.lock().map_err(|_| PoolError::Poisoned)?;
                loop {
                    if let Some(s) = free.pop() {
                        break s;
                    }
                    free = cv.wait(free).map_err(|_| PoolError::Poisoned)?;
                }
            };
            // Give the connection back even when `f` panics.
            let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut store)));
            if let Ok(mut free) = lock.lock() {
                free.push(store);
                cv.notify_one();
            }
            match res {
                Ok(r) => r.map_err(PoolError::from),
                Err(_) => Err(PoolError::Join("a store call panicked".into())),
            }
        })
        .await
        .map_err(|e| PoolError::Join(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn callers_share_the_connections() {
        let pool = Pool::new(vec![Store::open(":memory:").unwrap()]);
        let mut handles = Vec::new();
        for _ in 0..8 {
            let p = pool.clone();
            handles.push(tokio::spawn(async move {
                p.run(|s| s.counts().map(|c| c.events)).await
            }));
        }
        for h in handles {
            assert_eq!(h.await.unwrap().unwrap(), 0);
        }
        assert_eq!(pool.size(), 1);
    }
}
