from argon2 import PasswordHasher

from feedback_app.auth.passwords import (
    generate_password,
    hash_password,
    needs_rehash,
    verify_dummy_password,
    verify_password,
)


def test_passwords_are_hashed_with_argon2id_and_verified():
    stored = hash_password("three random words")
    assert stored.startswith("$argon2id$")
    assert "three random words" not in stored
    assert verify_password(stored, "three random words")
    assert not verify_password(stored, "three random word")


def test_a_missing_or_corrupt_hash_never_matches():
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")
    verify_dummy_password("anything at all")  # takes time, matches nothing, never raises


def test_hashes_made_with_weaker_settings_need_rehashing():
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("three random words")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("three random words"))


def test_generated_passwords_are_long_and_different():
    first, second = generate_password(), generate_password()
    assert len(first) >= 20 and first != second
