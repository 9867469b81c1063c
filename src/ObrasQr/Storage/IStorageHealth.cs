namespace ObrasQr.Storage;

/// <summary>Whether the whole store (records and files) answers: the health endpoint of either host asks it.</summary>
public interface IStorageHealth
{
    /// <summary>True when the records and files can be reached now.</summary>
    Task<bool> IsReachableAsync(CancellationToken ct = default);
}
