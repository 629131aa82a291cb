"""Conference No. 16 of the city Executive Committee, term XVII, on 9 January 2024.

Modelled on the public case of that day (a city Executive Committee rating its own Party
organization by secret ballot): five agenda items with their documents, the convened list
(the 71 sitting members; guests from the central bodies), and the attendance of the morning
(two members excused with reasons, so the quorum holds comfortably). Document numbers and
figures are invented.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from phieukin.meetings.models import AgendaKind, Conference, ConferenceStatus
from phieukin.meetings.services import (
    AgendaSpec,
    DocumentSpec,
    check_in,
    convene,
    create_conference,
    record_absence,
    set_conference_status,
)
from phieukin.web.demo.people import REFERENCE_DAY, DemoPeople
from phieukin.web.demo.roster import EXCUSED
from phieukin.web.demo.tree import DemoTree

TITLE = "Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ Thành phố khóa XVII"
PLACE = "Hội trường tầng 3, Trụ sở Thành ủy Hà Thành"
DISTRIBUTED_ON = date(2024, 1, 3)  # ≥ 3 working days before the meeting
GUESTS = (
    "Đại diện Ban Tổ chức Trung ương",
    "Đại diện Ủy ban Kiểm tra Trung ương",
    "Đại diện Văn phòng Trung ương Đảng",
)


def _text(block: str) -> str:
    """Summaries are wrapped for the source; the database gets one paragraph."""
    return " ".join(block.split())


def _agenda() -> list[AgendaSpec]:
    return [
        AgendaSpec(
            "Báo cáo kết quả công tác xây dựng Đảng năm 2023, phương hướng nhiệm vụ năm 2024",
            presenter="Phó Bí thư Thường trực Thành ủy",
            documents=[
                DocumentSpec(
                    "Báo cáo công tác xây dựng Đảng năm 2023",
                    number="312-BC/TU",
                    distributed_on=DISTRIBUTED_ON,
                    summary=_text(
                        """
                        Năm 2023, Ban Chấp hành Đảng bộ Thành phố lãnh đạo hoàn thành và hoàn thành
                        vượt mức 20/20 chỉ tiêu chủ yếu; tăng trưởng kinh tế đạt 6,1%; kết nạp
                        7.950 đảng viên mới; công tác kiểm tra, giám sát và phòng, chống tham nhũng,
                        tiêu cực được tăng cường. Báo cáo nêu rõ các hạn chế về giải ngân vốn đầu tư
                        công và cải cách hành chính, cùng nguyên nhân và giải pháp năm 2024.
                        """
                    ),
                )
            ],
        ),
        AgendaSpec(
            "Kiểm điểm tập thể Ban Thường vụ Thành ủy và cá nhân các đồng chí Ủy viên Ban "
            "Thường vụ năm 2023",
            presenter="Bí thư Thành ủy",
            documents=[
                DocumentSpec(
                    "Báo cáo kiểm điểm tập thể Ban Thường vụ Thành ủy năm 2023",
                    number="313-BC/TU",
                    distributed_on=DISTRIBUTED_ON,
                    summary=_text(
                        """
                        Tập thể Ban Thường vụ tự kiểm điểm theo 5 nội dung của Hướng dẫn
                        25-HD/BTCTW: ưu điểm trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị;
                        hạn chế, khuyết điểm; việc khắc phục hạn chế đã được chỉ ra năm 2022; trách
                        nhiệm của tập thể và phương hướng khắc phục.
                        """
                    ),
                ),
                DocumentSpec(
                    "Bản kiểm điểm cá nhân của 16 đồng chí Ủy viên Ban Thường vụ Thành ủy năm 2023",
                    distributed_on=DISTRIBUTED_ON,
                    summary=_text(
                        """
                        Mỗi đồng chí tự đánh giá việc thực hiện chức trách, nhiệm vụ được giao, nêu
                        hạn chế, khuyết điểm và tự nhận mức xếp loại chất lượng.
                        """
                    ),
                ),
            ],
        ),
        AgendaSpec(
            "Báo cáo tài chính đảng năm 2023 và nhiệm vụ năm 2024",
            presenter="Chánh Văn phòng Thành ủy",
            documents=[
                DocumentSpec(
                    "Báo cáo tài chính đảng năm 2023 và nhiệm vụ năm 2024",
                    number="314-BC/TU",
                    distributed_on=DISTRIBUTED_ON,
                    summary=_text(
                        """
                        Quyết toán thu, chi ngân sách đảng năm 2023; thu đảng phí đạt 100% kế hoạch;
                        các khoản chi đúng định mức, chế độ; dự toán và nhiệm vụ tài chính đảng năm
                        2024.
                        """
                    ),
                )
            ],
        ),
        AgendaSpec(
            "Tờ trình của Ban Thường vụ Thành ủy về đánh giá, xếp loại chất lượng Đảng bộ Thành "
            "phố năm 2023",
            presenter="Trưởng Ban Tổ chức Thành ủy",
            documents=[
                DocumentSpec(
                    "Tờ trình về đánh giá, xếp loại chất lượng Đảng bộ Thành phố năm 2023",
                    number="58-TTr/TU",
                    distributed_on=DISTRIBUTED_ON,
                    summary=_text(
                        """
                        Căn cứ Quy định 124-QĐ/TW và Hướng dẫn 25-HD/BTCTW, kết quả thực hiện nhiệm
                        vụ chính trị, công tác xây dựng Đảng và kết quả xếp loại các tổ chức đảng
                        trực thuộc năm 2023, Ban Thường vụ Thành ủy (Ban Tổ chức Thành ủy chuẩn bị
                        theo chỉ đạo của Ban Thường vụ) đề xuất Ban Chấp hành xếp loại Đảng bộ Thành
                        phố năm 2023: Hoàn thành xuất sắc nhiệm vụ.
                        """
                    ),
                )
            ],
        ),
        AgendaSpec(
            "Biểu quyết xếp loại chất lượng Đảng bộ Thành phố năm 2023 (bỏ phiếu kín)",
            kind=AgendaKind.RATING,
            presenter="Bí thư Thành ủy (chủ trì)",
            documents=[
                DocumentSpec(
                    "Quy trình biểu quyết xếp loại chất lượng Đảng bộ Thành phố năm 2023",
                    distributed_on=REFERENCE_DAY,
                    summary=_text(
                        """
                        Hội nghị biểu quyết thông qua Ban Kiểm phiếu (3 đồng chí); phát phiếu cho
                        các đồng chí Ủy viên Ban Chấp hành có mặt; mỗi đồng chí chọn một trong bốn
                        mức xếp loại; Ban Kiểm phiếu kiểm phiếu, lập biên bản và công bố kết quả
                        theo tỷ lệ trên tổng số Ủy viên Ban Chấp hành.
                        """
                    ),
                )
            ],
        ),
    ]


def build_conference(tree: DemoTree, people: DemoPeople) -> Conference:
    """Create the conference, convene the Executive Committee, record the morning's check-in."""
    conference = create_conference(
        organization=tree.city,
        committee=people.executive,
        number=16,
        title=TITLE,
        held_on=REFERENCE_DAY,
        starts_at=time(8, 0),
        place=PLACE,
        chair=people.leader("Bí thư Thành ủy").member,
        secretary=people.leader("Chánh Văn phòng Thành ủy").member,
        agenda=_agenda(),
    )
    rows = convene(conference, guests=GUESTS)
    excused = {people.leader(pos).member.pk: reason for pos, reason in EXCUSED.items()}
    arrived = datetime.combine(REFERENCE_DAY, time(7, 40), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for row in rows:
        if row.member_id in excused:
            record_absence(row, reason=excused[row.member_id])
        else:
            check_in(row, at=arrived)
    set_conference_status(conference, ConferenceStatus.IN_PROGRESS)
    conference.refresh_from_db()
    return conference
