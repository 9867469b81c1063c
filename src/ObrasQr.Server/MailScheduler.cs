using Microsoft.Extensions.Options;
using ObrasQr.Mail;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions mail timer: delivers the outbox every ObrasQr__Mail__PollInterval.
/// The store may be unreachable for a while: the outbox keeps the mail for the next run.</summary>
public sealed class MailScheduler(MailSender sender, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<MailScheduler> log)
    : ServerTimer(clock, log)
{
    protected override string RunName => "Mail run";

    protected override TimeSpan UntilNext(DateTimeOffset now) => options.Value.Mail.PollInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => sender.RunAsync(ct);
}
