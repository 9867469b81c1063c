using System.Globalization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// The photos of one submission (a citizen's report or an office's progress entry), received and cleaned with the
/// same limits and the same Spanish reasons wherever they arrive: the API's multipart parts, its bytes, or a page's
/// form with photos held from an earlier try.
/// </summary>
public static class PhotoBatch
{
    static readonly CultureInfo ColombianNumbers = CultureInfo.GetCultureInfo("es-CO");

    /// <summary>The bytes of a multipart form's photo parts, refused as a whole beyond the count or a photo's size.</summary>
    public static async Task<(List<byte[]>? Photos, FieldProblem? Problem)> ReadAsync(IFormCollection form, CancellationToken ct)
    {
        var files = ReportRequest.PhotoFiles(form);
        if (files.Count > PhotoCleaner.MaxCount)
            return (null, new FieldProblem("photos", $"Puede adjuntar hasta {PhotoCleaner.MaxCount} fotos."));
        if (files.FirstOrDefault(f => f.Length > PhotoCleaner.MaxBytes) is { } big)
            return (null, new FieldProblem("photos",
                $"La foto {files.IndexOf(big) + 1} pesa más de {PhotoCleaner.MaxBytes / 1024 / 1024} MB.", StatusCodes.Status413PayloadTooLarge));
        var photos = new List<byte[]>();
        foreach (var file in files) photos.Add(await ReportRequest.BytesOf(file, ct));
        return (photos, null);
    }

    /// <summary>Every photo re-encoded by <see cref="PhotoCleaner"/>, or the first one refused and why.</summary>
    public static (List<(byte[] Bytes, string Format)>? Photos, FieldProblem? Problem) Clean(IReadOnlyList<byte[]> photos)
    {
        if (photos.Count > PhotoCleaner.MaxCount)
            return (null, new FieldProblem("photos", $"Puede adjuntar hasta {PhotoCleaner.MaxCount} fotos."));
        var cleaned = new List<(byte[] Bytes, string Format)>();
        for (var n = 0; n < photos.Count; n++)
        {
            if (photos[n].Length > PhotoCleaner.MaxBytes)
                return (null, new FieldProblem("photos", $"La foto {n + 1} pesa más de {PhotoCleaner.MaxBytes / 1024 / 1024} MB.", StatusCodes.Status413PayloadTooLarge));
            var (photo, why) = PhotoCleaner.Process(photos[n]);
            if (why == PhotoCleaner.Refusal.TooLarge)
                return (null, new FieldProblem("photos", $"La foto {n + 1} tiene demasiados píxeles (máximo {PhotoCleaner.MaxDimension} de lado y " +
                    $"{PhotoCleaner.MaxPixels / 1_000_000} megapíxeles).", StatusCodes.Status413PayloadTooLarge));
            if (photo is null)
                return (null, new FieldProblem("photos", $"La foto {n + 1} no es una imagen JPEG, PNG o WebP válida."));
            cleaned.Add(photo.Value);
        }
        return (cleaned, null);
    }

    /// <summary>A page's form: the photos held from earlier tries plus the new ones that pass, cleaned; the refused
    /// ones are named in Spanish. <paramref name="per"/> ends the limit's sentence ("por reporte").</summary>
    public static async Task<(List<HeldPhotos.Photo> Photos, FieldProblem? Problem)> ReceiveAsync(
        IReadOnlyList<IFormFile> files, IReadOnlyList<HeldPhotos.Photo> held, string per, CancellationToken ct)
    {
        var photos = new List<HeldPhotos.Photo>(held);
        var refused = new List<string>();
        var status = StatusCodes.Status400BadRequest;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName) is { Length: > 0 } n ? (n.Length > 60 ? n[..60] + "…" : n) : "sin nombre";
            if (photos.Count >= PhotoCleaner.MaxCount)
                refused.Add($"«{name}» no se recibió: el máximo es {PhotoCleaner.MaxCount} fotos {per}.");
            else if (file.Length > PhotoCleaner.MaxBytes)
            {
                // Rounded up, so a photo just over the limit never reads as "8 MB; the maximum is 8 MB".
                var megabytes = Math.Ceiling(file.Length / 1024.0 / 1024 * 10) / 10;
                refused.Add($"La foto «{name}» pesa {megabytes.ToString("0.#", ColombianNumbers)} MB; el máximo es {PhotoCleaner.MaxBytes / 1024 / 1024} MB por foto.");
                status = StatusCodes.Status413PayloadTooLarge;
            }
            else if (PhotoCleaner.Clean(await ReportRequest.BytesOf(file, ct)) is { } clean)
                photos.Add(new HeldPhotos.Photo(clean.Bytes, clean.Format));
            else
                refused.Add($"«{name}» no es una imagen JPEG, PNG o WebP válida.");
        }
        if (refused.Count == 0) return (photos, null);
        var kept = photos.Count > 0 ? $" Las demás fotos sí las recibimos ({photos.Count})." : "";
        return (photos, new FieldProblem("photos", string.Join(" ", refused) + kept, status));
    }
}
