using ObrasQr.Storage;

namespace ObrasQr.Server.Storage;

/// <summary>Files under the data directory. Writes go to a temporary name first, so a crash never leaves half a file.</summary>
public sealed class FolderFileStore(string root) : IFileStore
{
    public async Task SaveAsync(string path, Stream content, CancellationToken ct = default)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".part";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        var target = Resolve(path);
        return Task.FromResult<Stream?>(File.Exists(target)
            ? new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string path, CancellationToken ct = default)
    {
        File.Delete(Resolve(path));
        return Task.CompletedTask;
    }

    // Paths come from the app, never from users, but a path that escapes the root is refused all the same.
    string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        var rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal)) throw new ArgumentException($"Path '{path}' is outside the store.");
        return full;
    }
}
