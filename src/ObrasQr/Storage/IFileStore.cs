namespace ObrasQr.Storage;

/// <summary>Files by relative path: raw exports, report photos. Several features share it, so it stays here.</summary>
public interface IFileStore
{
    Task SaveAsync(string path, Stream content, CancellationToken ct = default);
    Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default);
    Task DeleteAsync(string path, CancellationToken ct = default);
}
