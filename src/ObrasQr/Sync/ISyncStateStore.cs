namespace ObrasQr.Sync;

/// <summary>Small named values the sync keeps between runs: the SODA watermark and resume point, fingerprints of
/// imported files.</summary>
public interface ISyncStateStore
{
    Task<string?> GetAsync(string key, CancellationToken ct = default);
    /// <summary>Creates or replaces the value, durably.</summary>
    Task SetAsync(string key, string value, CancellationToken ct = default);
}
