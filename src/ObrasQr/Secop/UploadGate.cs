namespace ObrasQr.Secop;

/// <summary>What an upload can tell at once, before it is recorded: a file that cannot be an export is answered now
/// (415 or 422, <see cref="ExportIntake"/>), not when its import runs. The size is limited while the body is kept
/// (<see cref="CountingStream"/>).</summary>
public static class UploadGate
{
    /// <summary>Why the file cannot be an export, or null when its start reads as one: what the upload can tell at once.</summary>
    public static async Task<SecopFileRejected?> CheckAsync(Stream file, CancellationToken ct = default)
    {
        var start = file.Position;
        try
        {
            await using var rows = SecopFile.ReadAsync(file, ct).GetAsyncEnumerator(ct);
            await rows.MoveNextAsync();
            return null;
        }
        catch (SecopFileRejected rejected)
        {
            return rejected;
        }
        finally
        {
            file.Seek(start, SeekOrigin.Begin);
        }
    }
}
