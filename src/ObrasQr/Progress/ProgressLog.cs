using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Reports;
using ObrasQr.Storage;

namespace ObrasQr.Progress;

/// <summary>The log of a work's progress: records, corrects and deletes the office's entries, with the rules the API and
/// the desk's forms share (a domain service; the desk's HTML is in ProgressDeskHandlers).</summary>
public sealed partial class ProgressLog(IProgressStore progress, IContractStore contracts, IFileStore files, ContractPageCache pages,
    ThumbnailCache thumbnails, ObrasQr.Accountability.WorksCatalog catalog, TimeProvider clock)
{
    /// <summary>Longest side of a gallery thumbnail: sharp on a phone's screen at the page's 160 CSS px.</summary>
    public const int ThumbnailSide = 480;
    /// <summary>Entries read to find the one before a new entry's day (a work has a few dozen at most).</summary>
    const int Considered = 500;

    public abstract record Outcome;
    public sealed record Recorded(ProgressEntry Entry) : Outcome;
    /// <summary>Not recorded, and why; <paramref name="Photo"/> is the position of the photo the refusal is about.</summary>
    public sealed record Refused(FieldProblem Problem, int? Photo = null) : Outcome;

    /// <summary>The published work the caller may see, or null: another entity's work is answered as unknown (404).</summary>
    public async Task<ContractVersion?> WorkAsync(string contractId, Caller caller, CancellationToken ct)
    {
        var current = await contracts.FindAsync(contractId, ct);
        return current is not null && current.Contract.IsPublishedWork && caller.Sees(current.Contract.EntityNit) ? current : null;
    }

    public static FieldProblem NoWork(string contractId) =>
        new("contractId", $"No hay una obra publicada con el número '{contractId}'.", StatusCodes.Status404NotFound);

    /// <summary>Checks and stores an entry with its photos (cleaned already, or here when they come as sent).</summary>
    public async Task<Outcome> RecordAsync(string contractId, ProgressSubmission submission, IReadOnlyList<byte[]> photos,
        Caller caller, CancellationToken ct)
    {
        var (cleaned, photoProblem, refusedPhoto) = PhotoBatch.Clean(photos);
        if (photoProblem is not null) return new Refused(photoProblem, refusedPhoto);
        return await RecordCleanAsync(contractId, submission, cleaned!.Select(p => new HeldPhotos.Photo(p.Bytes, p.Format)).ToList(), caller, ct);
    }

    public async Task<Outcome> RecordCleanAsync(string contractId, ProgressSubmission submission, IReadOnlyList<HeldPhotos.Photo> photos,
        Caller caller, CancellationToken ct)
    {
        if (await WorkAsync(contractId, caller, ct) is not { } work) return new Refused(NoWork(contractId));
        if (photos.Count > PhotoCleaner.MaxCount)
            return new Refused(new FieldProblem("photos", $"Puede adjuntar hasta {PhotoCleaner.MaxCount} fotos."));
        var earlier = await progress.ListAsync(work.ContractId, Considered, ct);
        var (value, problem) = submission.Check(ColombiaTime.Today(clock), earlier);
        if (problem is not null) return new Refused(problem);

        var now = clock.GetUtcNow();
        var entryId = Guid.CreateVersion7(now).ToString("N");
        // Photos first: a stored entry only ever references files that exist.
        var saved = new List<string>();
        var (paths, thumbnails) = (new List<string>(), new List<string>());
        try
        {
            for (var n = 1; n <= photos.Count; n++)
            {
                var (bytes, format) = photos[n - 1];
                var path = $"progress/{entryId}/{n}.{format}";
                await files.SaveAsync(path, new MemoryStream(bytes), ct);
                saved.Add(path);
                paths.Add(path);
                // From the cleaned photo, so the thumbnail cannot carry more than it does.
                var small = PhotoCleaner.Process(bytes, ThumbnailSide).Photo ?? (bytes, format);
                var thumbnail = $"progress/{entryId}/{n}.small.{small.Format}";
                await files.SaveAsync(thumbnail, new MemoryStream(small.Bytes), ct);
                saved.Add(thumbnail);
                thumbnails.Add(thumbnail);
            }
            var entry = new ProgressEntry
            {
                EntryId = entryId,
                ContractId = work.ContractId,
                ObservedOn = value!.ObservedOn,
                Percent = value.Percent,
                Note = value.Note,
                Photos = paths,
                Thumbnails = thumbnails,
                Latitude = value.Latitude,
                Longitude = value.Longitude,
                RecordedBy = caller.Name,
                RecordedAt = now,
            };
            await progress.AddAsync(entry, ct);
            pages.Forget(work.ContractId); // this instance shows it at once; others within ContractPageCache.Freshness
            if (entry.Latitude is not null) catalog.Forget(); // the map's point: here at once, elsewhere within WorksCatalog.Freshness
            return new Recorded(entry);
        }
        catch
        {
            foreach (var path in saved)
                try { await files.DeleteAsync(path, CancellationToken.None); }
                catch (Exception e) when (e is not OperationCanceledException) { } // an orphan file is harmless; the answer matters
            throw;
        }
    }
}
