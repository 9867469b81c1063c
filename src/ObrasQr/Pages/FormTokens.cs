using System.Security.Cryptography;

namespace ObrasQr.Pages;

/// <summary>
/// The idempotency token a refused form's answer carries, so that sending it again files one report: 16 bytes from the
/// operating system's cryptographic generator as 32 lower-case hex characters. It must stay unguessable (a guessed
/// token would let someone file first under another citizen's key). The work's page carries none (it is the same for
/// every visitor); a form sent from it is told apart by its content (<see cref="Reports.ReportIntake.SameContentKey"/>).
/// </summary>
public static class FormTokens
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));
}
