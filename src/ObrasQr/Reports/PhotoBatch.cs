using System.Globalization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// The photos of one submission (a citizen's report or an office's progress entry), received and cleaned with the
/// same limits and the same Spanish reasons wherever they arrive: the API's multipart parts, its bytes, or a page's
/// form with photos held from an earlier try. Receiving reads only each photo's header; decoding happens once, in
/// <see cref="Clean"/>, when the submission is otherwise acceptable.
/// </summary>
public static class PhotoBatch
{
    static readonly CultureInfo ColombianNumbers = CultureInfo.GetCultureInfo("es-CO");

    /// <summary>A photo as sent: the bytes and the file name the message may quote.</summary>
    public sealed record Sent(string Name, byte[] Bytes);

    /// <summary>The bytes of a form's photo parts (a file input left empty sends a part with no bytes: skipped).
    /// Parts over a photo's size are not read: they come back as the problem.</summary>
    public static async Task<(List<Sent> Photos, List<string> TooBig)> ReadAsync(IFormCollection form, CancellationToken ct)
    {
        var photos = new List<Sent>();
        var tooBig = new List<string>();
        foreach (var file in form.Files.GetFiles("photos").Where(f => f.Length > 0))
        {
            var name = Path.GetFileName(file.FileName) is { Length: > 0 } n ? (n.Length > 60 ? n[..60] + "…" : n) : "sin nombre";
            if (file.Length > PhotoCleaner.MaxBytes)
            {
                // Rounded up, so a photo just over the limit never reads as "8 MB; the maximum is 8 MB".
                var megabytes = Math.Ceiling(file.Length / 1024.0 / 1024 * 10) / 10;
                tooBig.Add($"La foto «{name}» pesa {megabytes.ToString("0.#", ColombianNumbers)} MB; el máximo es {PhotoCleaner.MaxBytes / 1024 / 1024} MB por foto.");
                continue;
            }
            using var copy = new MemoryStream((int)file.Length);
            await file.CopyToAsync(copy, ct);
            photos.Add(new Sent(name, copy.ToArray()));
        }
        return (photos, tooBig);
    }

    /// <summary>
    /// The photos held from earlier tries plus the new ones whose format and header pass (no pixel decoded), up to the
    /// count; the refused ones named in Spanish. <paramref name="per"/> ends the limit's sentence ("por reporte").
    /// </summary>
    public static (List<HeldPhotos.Photo> Photos, FieldProblem? Problem) Receive(IReadOnlyList<Sent> sent, IReadOnlyList<string> tooBig,
        IReadOnlyList<HeldPhotos.Photo> held, string per)
    {
        var photos = new List<HeldPhotos.Photo>(held);
        var refused = new List<string>(tooBig);
        var status = tooBig.Count > 0 ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        foreach (var (name, bytes) in sent)
        {
            if (photos.Count >= PhotoCleaner.MaxCount)
            {
                refused.Add($"«{name}» no se recibió: el máximo es {PhotoCleaner.MaxCount} fotos {per}.");
                continue;
            }
            switch (PhotoCleaner.Inspect(bytes))
            {
                case null:
                    photos.Add(new HeldPhotos.Photo(bytes, PhotoCleaner.FormatOf(bytes)!));
                    break;
                case var why:
                    refused.Add($"«{name}» {Reason(why.Value)}");
                    if (why == PhotoCleaner.Refusal.TooLarge) status = StatusCodes.Status413PayloadTooLarge;
                    break;
            }
        }
        if (refused.Count == 0) return (photos, null);
        var kept = photos.Count > 0 ? $" Las demás fotos sí las recibimos ({photos.Count})." : "";
        return (photos, new FieldProblem("photos", string.Join(" ", refused) + kept, status));
    }

    /// <summary>Every photo re-encoded by <see cref="PhotoCleaner"/> (each decoded once), or the first one refused:
    /// its position and why.</summary>
    public static (List<(byte[] Bytes, string Format)>? Photos, FieldProblem? Problem, int? Refused) Clean(IReadOnlyList<byte[]> photos)
    {
        if (photos.Count > PhotoCleaner.MaxCount)
            return (null, new FieldProblem("photos", $"Puede adjuntar hasta {PhotoCleaner.MaxCount} fotos."), null);
        var cleaned = new List<(byte[] Bytes, string Format)>();
        for (var n = 0; n < photos.Count; n++)
        {
            if (photos[n].Length > PhotoCleaner.MaxBytes)
                return (null, new FieldProblem("photos", $"La foto {n + 1} pesa más de {PhotoCleaner.MaxBytes / 1024 / 1024} MB.", StatusCodes.Status413PayloadTooLarge), n);
            var (photo, why) = PhotoCleaner.Process(photos[n]);
            if (photo is null)
            {
                var status = why == PhotoCleaner.Refusal.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                return (null, new FieldProblem("photos", $"La foto {n + 1} {Reason(why ?? PhotoCleaner.Refusal.NotAPhoto)}", status), n);
            }
            cleaned.Add(photo.Value);
        }
        return (cleaned, null, null);
    }

    /// <summary>Why a photo was refused, after its name or number.</summary>
    static string Reason(PhotoCleaner.Refusal why) => why switch
    {
        PhotoCleaner.Refusal.TooLarge => $"tiene demasiados píxeles (máximo {PhotoCleaner.MaxDimension} de lado y {PhotoCleaner.MaxPixels / 1_000_000} megapíxeles).",
        PhotoCleaner.Refusal.Heif => "es una foto HEIC/HEIF (el formato de los iPhone), que no podemos leer: envíela como JPEG o PNG " +
            "(en el iPhone: Ajustes > Cámara > Formatos > Más compatible, o compártala como JPEG).",
        _ => "no es una imagen JPEG, PNG o WebP válida.",
    };
}
