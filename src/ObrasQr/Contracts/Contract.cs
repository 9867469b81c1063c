using System.Buffers;
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

    /// <summary>A public work shown to citizens: an "Obra" contract in a signed state.</summary>
    public bool IsPublishedWork => IsSigned && string.Equals(Type?.Trim(), "Obra", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Hash of the published content, ignoring SECOP's own update stamp, so that a re-download
    /// that only touched the stamp is not a new version.
    /// </summary>
    public string ContentHash()
    {
        // Imports hash every row: reuse one buffer and writer per thread, serialize with the generated code.
        var buffer = hashBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = hashWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, this with { UpdatedInSecop = null }, ContractJsonContext.Default.Contract);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic] static ArrayBufferWriter<byte>? hashBuffer;
    [ThreadStatic] static Utf8JsonWriter? hashWriter;
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
