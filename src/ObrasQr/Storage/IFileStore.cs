namespace ObrasQr.Storage;

/// <summary>Files by relative path: raw exports, report photos, built open data. Several features share it, so it stays here.</summary>
public interface IFileStore
{
    Task SaveAsync(string path, Stream content, CancellationToken ct = default);
    Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default);
    Task DeleteAsync(string path, CancellationToken ct = default);

    /// <summary>A file to serve over HTTP: a seekable stream (for ranges) with what validates it; null when missing.</summary>
    Task<StoredFile?> OpenServedAsync(string path, CancellationToken ct = default);

    /// <summary>Every file under <paramref name="folder"/> (e.g. "held/"), with when the store last wrote it: a sweep
    /// judges files by the store's own time, whichever instance wrote them. Background jobs only: it reads a listing.</summary>
    IAsyncEnumerable<ListedFile> ListAsync(string folder, CancellationToken ct = default);
}

/// <param name="Path">Relative, with "/" separators, as <see cref="IFileStore.SaveAsync"/> took it.</param>
public sealed record ListedFile(string Path, DateTimeOffset LastModified);

/// <param name="Content">Seekable, positioned at the start; the caller disposes it.</param>
/// <param name="ETag">Quoted and strong: it changes whenever the file is replaced, and only then.</param>
public sealed record StoredFile(Stream Content, long Length, string ETag, DateTimeOffset LastModified);
