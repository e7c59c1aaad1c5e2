using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    EventDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResourceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TaskSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    WorkerSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    ReservationSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    TaskQueueSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    WorkflowSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EventData = table.Column<string>(type: "TEXT", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Events_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Reservations",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    TaskSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    WorkerSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    WorkerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskQueueSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Instruction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    InstructionParameters = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reservations", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Reservations_Tasks_TaskSid",
                        column: x => x.TaskSid,
                        principalTable: "Tasks",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reservations_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_DateCreated_Sid",
                table: "Events",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventDate",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_EventType_EventDate",
                table: "Events",
                columns: new[] { "WorkspaceSid", "EventType", "EventDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_WorkspaceSid_ResourceSid_EventDate",
                table: "Events",
                columns: new[] { "WorkspaceSid", "ResourceSid", "EventDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_TaskSid_DateCreated_Sid",
                table: "Reservations",
                columns: new[] { "TaskSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_WorkerSid_DateCreated_Sid",
                table: "Reservations",
                columns: new[] { "WorkerSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_WorkspaceSid_DateCreated_Sid",
                table: "Reservations",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_WorkspaceSid_Status",
                table: "Reservations",
                columns: new[] { "WorkspaceSid", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "Reservations");
        }
    }
}
