"""Ballots, trustees' ceremony, credentials, booth, bulletin board, tally, decryption, results."""
