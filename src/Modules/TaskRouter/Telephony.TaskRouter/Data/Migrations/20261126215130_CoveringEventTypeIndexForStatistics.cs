using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoveringEventTypeIndexForStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventType", "EventDate", "TaskQueueSid", "WorkflowSid", "WorkerSid" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventType", "EventDate" });
        }
    }
}
