using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventTaskAgeForStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid",
                table: "Events");

            migrationBuilder.AddColumn<long>(
                name: "TaskAge",
                table: "Events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid_TaskAge",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventType", "EventDate", "TaskQueueSid", "WorkflowSid", "WorkerSid", "TaskAge" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid_TaskAge",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "TaskAge",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate_TaskQueueSid_WorkflowSid_WorkerSid",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventType", "EventDate", "TaskQueueSid", "WorkflowSid", "WorkerSid" });
        }
    }
}
