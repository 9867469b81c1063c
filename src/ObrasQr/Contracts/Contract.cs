using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ObrasQr.Contracts;

/// <summary>One SECOP II contract as published, in the domain's English names.</summary>
public sealed record Contract
{
    public required string ContractId { get; init; }
    public string? ProcessId { get; init; }
    public string? Reference { get; init; }
    public string? EntityName { get; init; }
    public string? EntityNit { get; init; }
    public string? Department { get; init; }
    public string? City { get; init; }
    public string? Location { get; init; }
    public string? Status { get; init; }
    public string? Type { get; init; }
    public string? Modality { get; init; }
    public string? Object { get; init; }
    public string? ProcessDescription { get; init; }
    public string? ContractorName { get; init; }
    public string? ContractorDocumentType { get; init; }
    public string? ContractorDocument { get; init; }
    public string? LegalRepresentative { get; init; }
    public string? LegalRepresentativeId { get; init; }
    public string? ProcessUrl { get; init; }
    public string? Duration { get; init; }
    public string? ResourceOrigin { get; init; }
    public decimal Value { get; init; }
    public decimal? InvoicedValue { get; init; }
    public decimal? PaidValue { get; init; }
    public decimal? PendingPaymentValue { get; init; }
    public decimal? PendingExecutionValue { get; init; }
    public int? AddedDays { get; init; }
    public DateOnly? SignedOn { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public DateOnly? ExecutionStartsOn { get; init; }
    public DateOnly? ExecutionEndsOn { get; init; }
    public bool? CanBeExtended { get; init; }
    /// <summary>SECOP's own "Ultima Actualizacion" (Colombia local time).</summary>
    public DateTime? UpdatedInSecop { get; init; }

    // SECOP publishes these states for contracts that were never signed.
    static readonly HashSet<string> UnsignedStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Borrador", "enviado Proveedor", "En aprobación", "En aprobacion", "Cancelado",
    };

    public bool IsSigned => !string.IsNullOrWhiteSpace(Status) && !UnsignedStates.Contains(Status.Trim());

    /// <summary>An "Obra" contract, in whatever state SECOP II records: it has a page (its billboard's QR may be up
    /// even when SECOP records it as cancelled), takes reports and has a QR code. Other contract types have none.</summary>
    [JsonIgnore]
    public bool IsWork => Type is { } type && WorkTypes.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>SECOP II's "Tipo de Contrato" values of a public work, as it publishes them (docs/secop-works.md): what
    /// <see cref="IsWork"/> accepts and what the SODA pull asks for.</summary>
    public static readonly IReadOnlyList<string> WorkTypes = ["Obra"];

    /// <summary>A work listed among the city's works (the index, the map, the statistics) and in the open data: an
    /// <see cref="IsWork"/> that SECOP II records as signed. One never signed (cancelled, a draft, sent to the supplier,
    /// awaiting approval) still has its page, which says so, but is not counted as a work being built.</summary>
    public bool IsPublishedWork => IsSigned && IsWork;

    /// <summary>
    /// The work's name as every page, list and open data file says it: SECOP's "Objeto del Contrato", else its
    /// "Descripcion del Proceso" (the national dataset often leaves the object empty), else "Contrato {id}".
    /// A placeholder ("Sin Descripcion", "N/D", "No Definido"…) names nothing and is skipped.
    /// </summary>
    [JsonIgnore]
    public string Name => Named(Object) ?? Named(ProcessDescription) ?? $"Contrato {ContractId}";

    static string? Named(string? text) => Secop.SecopValues.IsEmpty(text) ? null : text!.Trim();

    /// <summary>Prefix of the content hashes of this scheme; a stored hash without it is a <see cref="LegacyContentHash"/>.</summary>
    public const string ContentHashScheme = "v2:";

    /// <summary>
    /// The SECOP facts the content hash covers, each named once, in a fixed order, with its canonical text (null when
    /// SECOP left it out). Explicit rather than the serialised record, because the hash decides whether an import adds
    /// a version: a computed property, a rule such as which states count as signed, or any other property added to the
    /// record must not give every stored contract a new version. A new SECOP column is added at the end; since absent
    /// facts are left out of the hash, contracts that lack it keep their hash. SECOP's own update stamp
    /// (<see cref="UpdatedInSecop"/>) is not a fact: a re-download that only moved it is not a new version.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, Func<Contract, string?> Canonical)> HashedFacts =
    [
        (nameof(ContractId), c => c.ContractId),
        (nameof(ProcessId), c => c.ProcessId),
        (nameof(Reference), c => c.Reference),
        (nameof(EntityName), c => c.EntityName),
        (nameof(EntityNit), c => c.EntityNit),
        (nameof(Department), c => c.Department),
        (nameof(City), c => c.City),
        (nameof(Location), c => c.Location),
        (nameof(Status), c => c.Status),
        (nameof(Type), c => c.Type),
        (nameof(Modality), c => c.Modality),
        (nameof(Object), c => c.Object),
        (nameof(ProcessDescription), c => c.ProcessDescription),
        (nameof(ContractorName), c => c.ContractorName),
        (nameof(ContractorDocumentType), c => c.ContractorDocumentType),
        (nameof(ContractorDocument), c => c.ContractorDocument),
        (nameof(LegalRepresentative), c => c.LegalRepresentative),
        (nameof(LegalRepresentativeId), c => c.LegalRepresentativeId),
        (nameof(ProcessUrl), c => c.ProcessUrl),
        (nameof(Duration), c => c.Duration),
        (nameof(ResourceOrigin), c => c.ResourceOrigin),
        (nameof(Value), c => Canonical(c.Value)),
        (nameof(InvoicedValue), c => Canonical(c.InvoicedValue)),
        (nameof(PaidValue), c => Canonical(c.PaidValue)),
        (nameof(PendingPaymentValue), c => Canonical(c.PendingPaymentValue)),
        (nameof(PendingExecutionValue), c => Canonical(c.PendingExecutionValue)),
        (nameof(AddedDays), c => c.AddedDays?.ToString(CultureInfo.InvariantCulture)),
        (nameof(SignedOn), c => Canonical(c.SignedOn)),
        (nameof(StartsOn), c => Canonical(c.StartsOn)),
        (nameof(EndsOn), c => Canonical(c.EndsOn)),
        (nameof(ExecutionStartsOn), c => Canonical(c.ExecutionStartsOn)),
        (nameof(ExecutionEndsOn), c => Canonical(c.ExecutionEndsOn)),
        (nameof(CanBeExtended), c => c.CanBeExtended switch { true => "true", false => "false", null => null }),
    ];

    /// <summary>
    /// SHA-256 of <see cref="HashedFacts"/> in UTF-8, prefixed with <see cref="ContentHashScheme"/>. Each present fact
    /// is written as <c>Name=length:text</c> and a line break (the length in UTF-16 code units), so that no two lists
    /// of facts write the same text and a fact left out (null) differs from an empty one.
    /// </summary>
    public string ContentHash()
    {
        // Imports hash every row (8 µs a contract before this was written straight into one reused UTF-8 buffer; about
        // a fifth of that now, docs/benchmarks.md): one span per fact, no intermediate strings but the canonical text.
        var buffer = hashBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        for (var i = 0; i < HashedFacts.Count; i++)
        {
            if (HashedFacts[i].Canonical(this) is not { } text) continue;
            var prefix = HashedFactPrefixes[i];
            var span = buffer.GetSpan(prefix.Length + 12 + Encoding.UTF8.GetMaxByteCount(text.Length));
            prefix.CopyTo(span);
            var at = prefix.Length;
            text.Length.TryFormat(span[at..], out var digits, provider: CultureInfo.InvariantCulture);
            at += digits;
            span[at++] = (byte)':';
            at += Encoding.UTF8.GetBytes(text, span[at..]);
            span[at++] = (byte)'\n';
            buffer.Advance(at);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return ContentHashScheme + Convert.ToHexStringLower(hash);
    }

    // "Name=" of each hashed fact in UTF-8, in the order of HashedFacts.
    static readonly byte[][] HashedFactPrefixes = [.. HashedFacts.Select(f => Encoding.UTF8.GetBytes(f.Name + "="))];

    /// <summary>
    /// Whether a stored version whose hash is <paramref name="storedHash"/> holds this contract's content, given
    /// <paramref name="hash"/>, this contract's <see cref="ContentHash"/> (imports compute it once per row). Versions
    /// stored before this scheme carry a <see cref="LegacyContentHash"/> and are compared through it, so that an
    /// unchanged contract is not given a new version because the scheme changed; its next real change stores the new
    /// scheme.
    /// </summary>
    public bool HasContentHash(string storedHash, string hash) =>
        storedHash == hash || (LegacyContentHash.Is(storedHash) && storedHash == LegacyContentHash.Of(this));

    // 1000 and 1000.00 are the same amount: trailing zeros of the scale are not content (nor the sign of a zero).
    // The invariant text of a decimal has every digit of its scale and never an exponent: dropping the zeros after the
    // point is the custom format "0.####…" (28 places, a decimal's largest scale), several times faster.
    static string? Canonical(decimal? value) => value switch
    {
        null => null,
        0m => "0",
        { } v when v.Scale == 0 => v.ToString(CultureInfo.InvariantCulture),
        { } v => v.ToString(CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.'),
    };

    // ISO 8601's round-trip format of a date is yyyy-MM-dd, and the fastest one.
    static string? Canonical(DateOnly? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    [ThreadStatic] static ArrayBufferWriter<byte>? hashBuffer;
}

/// <summary>How contracts are stored: compact JSON (accents as UTF-8, nulls left out); never written into HTML.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(ContractJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    static readonly JsonTypeInfo<Contract> Stored = (JsonTypeInfo<Contract>)Options.GetTypeInfo(typeof(Contract));

    public static string Serialize(Contract contract) => JsonSerializer.Serialize(contract, Stored);

    public static byte[] SerializeToUtf8(Contract contract) => JsonSerializer.SerializeToUtf8Bytes(contract, Stored);

    public static Contract Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Stored) ?? throw new InvalidDataException("Empty contract JSON.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Contract))]
partial class ContractJsonContext : JsonSerializerContext;
