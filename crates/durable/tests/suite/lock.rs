use std::sync::mpsc;
use std::time::Duration;

use openclaw_durable::{DurableError, lock_exclusive, mode_of, try_lock_exclusive};

#[test]
fn a_held_lock_excludes_a_second_locker_until_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials/telegram-pairing.json");

    let held = lock_exclusive(&path).unwrap();
    assert_eq!(held.path(), dir.path().join("credentials/telegram-pairing.json.lock"));
    assert_eq!(mode_of(held.path()).unwrap(), Some(0o600));

    let err = try_lock_exclusive(&path).unwrap_err();
    assert!(matches!(&err, DurableError::Locked { path } if path == held.path()), "{err:?}");

    drop(held);
    let again = try_lock_exclusive(&path).unwrap();
    drop(again);
}

#[test]
fn a_blocking_locker_waits_for_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let held = lock_exclusive(&path).unwrap();
    let (acquired_tx, acquired_rx) = mpsc::channel();

    std::thread::scope(|scope| {
        scope.spawn(|| {
            let _lock = lock_exclusive(&path).unwrap();
            acquired_tx.send(()).unwrap();
        });
        assert!(
            acquired_rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "second locker got in while the lock was held"
        );
        drop(held);
        acquired_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    });
}
