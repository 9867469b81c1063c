using Microsoft.Azure.Functions.Worker;
using ObrasQr.Mail;

namespace ObrasQr.Functions.Mail;

/// <summary>Delivers the mail outbox every minute, as the server's MailScheduler does (the timer runs on one instance
/// at a time, so two runs never send the same row at once).</summary>
public sealed class MailFunctions(MailSender sender)
{
    public const string Schedule = "0 * * * * *";

    [Function("MailTimer")]
    public Task RunOnSchedule([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) => sender.RunAsync(cancellationToken);
}
