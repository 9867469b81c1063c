using ObrasQr.Storage;

namespace ObrasQr.Server.Storage;

/// <summary>Files under the data directory. Writes go to a temporary name of their own first, so a crash never leaves
/// half a file and two writers of one path never share a temporary file; the last rename wins whole. A file sent in
/// chunks keeps its parts in a folder beside it ("{path}.chunks/000001", …), joined into the file when complete; the
/// orphan sweep removes parts left more than a day (<see cref="OrphanFileSweeper"/>).</summary>
public sealed class FolderFileStore(string root) : IFileStore, IFileParts
{
    public const string PartsSuffix = ".chunks";

    public async Task SaveAsync(string path, Stream content, CancellationToken ct = default)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
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

    public Task<StoredFile?> OpenServedAsync(string path, CancellationToken ct = default)
    {
        var target = Resolve(path);
        if (!File.Exists(target)) return Task.FromResult<StoredFile?>(null);
        FileStream file;
        try { file = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true); }
        catch (FileNotFoundException) { return Task.FromResult<StoredFile?>(null); }
        // Read from the open handle: a rename that replaces the file meanwhile cannot pair its date with this content.
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle), TimeSpan.Zero);
        var etag = $"\"{file.Length:x}-{modified.UtcTicks:x}\"";
        return Task.FromResult<StoredFile?>(new StoredFile(file, file.Length, etag, modified));
    }

    public Task DeleteAsync(string path, CancellationToken ct = default)
    {
        File.Delete(Resolve(path));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ListedFile> ListAsync(string folder, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var directory = Resolve(folder);
        if (!Directory.Exists(directory)) yield break;
        var rootFull = Path.GetFullPath(root);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(rootFull, file).Replace(Path.DirectorySeparatorChar, '/');
            yield return new ListedFile(relative, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero));
        }
        await Task.CompletedTask;
    }

    public async Task SavePartAsync(string path, int number, Stream content, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        await SaveAsync($"{path}{PartsSuffix}/{number:D6}", content, ct);
    }

    public Task<IReadOnlyDictionary<int, long>> ListPartsAsync(string path, CancellationToken ct = default)
    {
        var folder = Resolve(path + PartsSuffix);
        var parts = new Dictionary<int, long>();
        if (Directory.Exists(folder))
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
                // A part's temporary file while it is written has a longer name and is not a part yet.
                if (file.Name.Length == 6 && int.TryParse(file.Name, out var number)) parts[number] = file.Length;
        return Task.FromResult<IReadOnlyDictionary<int, long>>(parts);
    }

    public async Task CommitPartsAsync(string path, int count, CancellationToken ct = default)
    {
        var target = Resolve(path);
        var folder = Resolve(path + PartsSuffix);
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                for (var number = 1; number <= count; number++)
                {
                    await using var part = new FileStream(Path.Combine(folder, $"{number:D6}"), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                        useAsync: true);
                    await part.CopyToAsync(file, ct);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        Directory.Delete(folder, recursive: true);
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
