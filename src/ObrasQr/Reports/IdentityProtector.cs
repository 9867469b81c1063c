using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ObrasQr.Reports;

/// <summary>
/// Encrypts a reporter's name, e-mail and phone before any store sees them (Ley 1581 de 2012: a copy of the
/// database, a backup or a storage account leak reveals nobody). AES-256-GCM, one fresh nonce per field, the report
/// id and field name bound as associated data (a ciphertext moved to another report or field does not decrypt).
/// Each value is "enc1:{keyId}:{base64(nonce|tag|ciphertext)}" in the same identity fields, so no storage changes.
/// Keys come from ObrasQr__Reports__IdentityKeys__{i}__Id/__Key; the first encrypts, every one decrypts, so a key is
/// rotated by putting the new one first. Without any: Production refuses to start (<see cref="StartupChecks"/>);
/// elsewhere a random key is made once and kept in the data directory (identity-key.dev), so development data
/// survives restarts.
/// </summary>
public sealed class IdentityProtector
{
    const string Prefix = "enc1:";
    const int NonceBytes = 12, TagBytes = 16;
    readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);
    readonly string currentId;
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> pseudonymKeys = new(StringComparer.Ordinal);

    public IdentityProtector(IOptions<ObrasQrOptions> options, IServiceProvider services)
    {
        foreach (var k in options.Value.Reports.IdentityKeys)
        {
            if (string.IsNullOrWhiteSpace(k.Id) || k.Id.Contains(':'))
                throw new InvalidOperationException("Each ObrasQr__Reports__IdentityKeys entry needs an Id without ':'.");
            byte[] key;
            try { key = Convert.FromBase64String(k.Key); }
            catch (FormatException) { throw new InvalidOperationException($"Identity key '{k.Id}' is not base64."); }
            if (key.Length != 32) throw new InvalidOperationException($"Identity key '{k.Id}' must be 32 bytes (AES-256).");
            keys[k.Id] = key;
        }
        if (options.Value.Reports.IdentityKeys.Count > 0)
        {
            currentId = options.Value.Reports.IdentityKeys[0].Id;
            return;
        }
        if ((services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsProduction() == true)
            throw new InvalidOperationException("ObrasQr__Reports__IdentityKeys is required in Production.");
        currentId = "dev";
        keys[currentId] = DevelopmentKey(options.Value.DataDirectory);
    }

    /// <summary>
    /// A keyed digest of <paramref name="text"/> that is the same on every instance and after a restart, for what is
    /// stored about a client (the scope of an Idempotency-Key, sign-in failures from an address): the limits' own
    /// key (<see cref="ClientAddresses.DailyKey(System.Net.IPAddress?)"/>) is random per process and day, so a retry after a crash or on
    /// another instance would not be recognised. The key is derived from the current identity key, so only whoever
    /// holds the keys could link a stored digest back to an address.
    /// </summary>
    public string Pseudonym(string purpose, string text)
    {
        var key = pseudonymKeys.GetOrAdd(purpose, p =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, keys[currentId], 32, info: Encoding.UTF8.GetBytes("obrasqr-pseudonym:" + p)));
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    public ReporterIdentity Seal(ReporterIdentity identity) => identity with
    {
        Name = Encrypt(identity.Name, identity.ReportId, "name"),
        Email = Encrypt(identity.Email, identity.ReportId, "email"),
        Phone = Encrypt(identity.Phone, identity.ReportId, "phone"),
        NotifyEmail = Encrypt(identity.NotifyEmail, identity.ReportId, "notify"),
    };

    /// <summary>The identity in clear for an auditor; values stored before encryption existed pass through.</summary>
    public ReporterIdentity Open(ReporterIdentity identity) => identity with
    {
        Name = Decrypt(identity.Name, identity.ReportId, "name"),
        Email = Decrypt(identity.Email, identity.ReportId, "email"),
        Phone = Decrypt(identity.Phone, identity.ReportId, "phone"),
        NotifyEmail = Decrypt(identity.NotifyEmail, identity.ReportId, "notify"),
    };

    /// <summary>Seals a secret that is not a reporter's (a staff member's second factor) the same way, bound to its
    /// owner and field; <see cref="OpenSecret"/> gives it back, or null when it does not open.</summary>
    public string SealSecret(string value, string ownerId, string field) => Encrypt(value, "secret:" + ownerId, field)!;

    public string? OpenSecret(string? value, string ownerId, string field) =>
        value is not null && value.StartsWith(Prefix, StringComparison.Ordinal) ? TryDecrypt(value, "secret:" + ownerId, field) : null;

    string? Encrypt(string? value, string reportId, string field)
    {
        if (value is null) return null;
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[currentId], TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Associated(reportId, field));
        return $"{Prefix}{currentId}:{Convert.ToBase64String(sealedBytes)}";
    }

    string? Decrypt(string? value, string reportId, string field)
    {
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal)) return value;
        var rest = value[Prefix.Length..];
        var colon = rest.IndexOf(':');
        if (colon < 1 || !keys.ContainsKey(rest[..colon]))
            return $"(cifrado con la clave '{(colon < 1 ? "?" : rest[..colon])}', que no está configurada)";
        return TryDecrypt(value, reportId, field) ?? "(dato cifrado dañado)";
    }

    /// <summary>The clear text of a sealed value, or null when its key is missing or it does not open.</summary>
    string? TryDecrypt(string value, string reportId, string field)
    {
        var rest = value[Prefix.Length..];
        var colon = rest.IndexOf(':');
        if (colon < 1 || !keys.TryGetValue(rest[..colon], out var key)) return null;
        try
        {
            var sealedBytes = Convert.FromBase64String(rest[(colon + 1)..]);
            if (sealedBytes.Length < NonceBytes + TagBytes) return null;
            var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Associated(reportId, field));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or AuthenticationTagMismatchException) { return null; }
    }

    static byte[] Associated(string reportId, string field) => Encoding.UTF8.GetBytes($"obrasqr-identity|{reportId}|{field}");

    static readonly Lock FileGate = new();

    static byte[] DevelopmentKey(string dataDirectory)
    {
        lock (FileGate)
        {
            Directory.CreateDirectory(dataDirectory);
            var path = Path.Combine(dataDirectory, "identity-key.dev");
            if (File.Exists(path) && Convert.FromBase64String(File.ReadAllText(path).Trim()) is { Length: 32 } existing) return existing;
            var key = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToBase64String(key));
            return key;
        }
    }
}
