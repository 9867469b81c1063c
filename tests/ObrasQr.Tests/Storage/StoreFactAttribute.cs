namespace ObrasQr.Tests.Storage;

/// <summary>
/// The storage contract's tests (StoreContract.cs, shared with ObrasQr.Functions.Tests). Here, on SQLite, they always
/// run; the Functions test project defines its own StoreFact that skips them when Azurite is not installed.
/// </summary>
public sealed class StoreFactAttribute : FactAttribute;
