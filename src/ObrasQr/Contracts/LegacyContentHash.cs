using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ObrasQr.Contracts;

/// <summary>
/// The content hash as ObrasQr computed it before <see cref="Contract.ContentHashScheme"/>: SHA-256 of the whole record
/// serialised as web JSON, nulls and computed properties included, SECOP's stamp left out. Versions stored back then
/// carry it, and they are not rewritten; an import compares a row with such a version through this hash, so that an
/// unchanged contract does not get a new version just because the scheme changed. Frozen on purpose: these names,
/// this order and the states below are what those hashes were computed over, whatever the record or its rules
/// become. Never use it for new versions.
/// </summary>
public static class LegacyContentHash
{
    // Contract.IsSigned's states when the legacy hashes were written (the hash included IsSigned and IsPublishedWork).
    static readonly HashSet<string> UnsignedStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Borrador", "enviado Proveedor", "En aprobación", "En aprobacion", "Cancelado",
    };

    /// <summary>True when a stored hash is of this scheme (it has no scheme prefix).</summary>
    public static bool Is(string storedHash) => !storedHash.StartsWith(Contract.ContentHashScheme, StringComparison.Ordinal);

    public static string Of(Contract c)
    {
        // Imports may compare every row with a legacy hash: reuse one buffer and writer per thread, as the old code did.
        var buffer = legacyBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = legacyWriter ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteString("contractId", c.ContractId);
        Text(w, "processId", c.ProcessId);
        Text(w, "reference", c.Reference);
        Text(w, "entityName", c.EntityName);
        Text(w, "entityNit", c.EntityNit);
        Text(w, "department", c.Department);
        Text(w, "city", c.City);
        Text(w, "location", c.Location);
        Text(w, "status", c.Status);
        Text(w, "type", c.Type);
        Text(w, "modality", c.Modality);
        Text(w, "object", c.Object);
        Text(w, "processDescription", c.ProcessDescription);
        Text(w, "contractorName", c.ContractorName);
        Text(w, "contractorDocumentType", c.ContractorDocumentType);
        Text(w, "contractorDocument", c.ContractorDocument);
        Text(w, "legalRepresentative", c.LegalRepresentative);
        Text(w, "legalRepresentativeId", c.LegalRepresentativeId);
        Text(w, "processUrl", c.ProcessUrl);
        Text(w, "duration", c.Duration);
        Text(w, "resourceOrigin", c.ResourceOrigin);
        w.WriteNumber("value", c.Value);
        Number(w, "invoicedValue", c.InvoicedValue);
        Number(w, "paidValue", c.PaidValue);
        Number(w, "pendingPaymentValue", c.PendingPaymentValue);
        Number(w, "pendingExecutionValue", c.PendingExecutionValue);
        if (c.AddedDays is { } days) w.WriteNumber("addedDays", days); else w.WriteNull("addedDays");
        Date(w, "signedOn", c.SignedOn);
        Date(w, "startsOn", c.StartsOn);
        Date(w, "endsOn", c.EndsOn);
        Date(w, "executionStartsOn", c.ExecutionStartsOn);
        Date(w, "executionEndsOn", c.ExecutionEndsOn);
        if (c.CanBeExtended is { } extensible) w.WriteBoolean("canBeExtended", extensible); else w.WriteNull("canBeExtended");
        w.WriteNull("updatedInSecop");
        var signed = !string.IsNullOrWhiteSpace(c.Status) && !UnsignedStates.Contains(c.Status.Trim());
        w.WriteBoolean("isSigned", signed);
        w.WriteBoolean("isPublishedWork", signed && string.Equals(c.Type?.Trim(), "Obra", StringComparison.OrdinalIgnoreCase));
        w.WriteEndObject();
        w.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic] static ArrayBufferWriter<byte>? legacyBuffer;
    [ThreadStatic] static Utf8JsonWriter? legacyWriter;

    static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    static void Date(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } d) w.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); else w.WriteNull(name);
    }
}
