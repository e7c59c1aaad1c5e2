namespace Telephony.TaskRouter.Tests;

/// <summary>The host as a class fixture: xunit needs a constructor without parameters, which TelephonyApp's optional ones are not.</summary>
public sealed class TaskRouterApp : TelephonyApp;
