namespace ObrasQr.Contracts;

/// <summary>
/// A row fingerprint to keep on a contract's current version that the import found unchanged (its raw text moved,
/// its facts did not), so the next import tells that row without mapping it again. Kept only while
/// <paramref name="Version"/> is still the current one.
/// </summary>
public sealed record RowFingerprintKept(string ContractId, int Version, string RowFingerprint);
