namespace ObrasQr.Secop;

/// <summary>The office's uploaded SECOP exports and what importing each did (the files themselves are in the file store).</summary>
public interface IExportStore
{
    Task AddAsync(SecopExport export, CancellationToken ct = default);
    Task<SecopExport?> FindAsync(string exportId, CancellationToken ct = default);
    Task UpdateAsync(SecopExport export, CancellationToken ct = default);
    /// <summary>Uploads not yet imported, oldest first.</summary>
    Task<IReadOnlyList<SecopExport>> ListPendingAsync(CancellationToken ct = default);
    /// <summary>Uploads newest first (by upload time, then id ascending), skipping <paramref name="skip"/>; with
    /// <paramref name="entityNit"/>, only those uploaded within that entity's scope (<see cref="SecopExport.EntityNit"/>).</summary>
    Task<IReadOnlyList<SecopExport>> ListAsync(string? entityNit, int skip, int take, CancellationToken ct = default);
}
